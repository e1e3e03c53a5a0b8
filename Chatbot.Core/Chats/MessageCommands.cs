using Chatbot.Core.Data;
using Chatbot.Core.Errors;
using Chatbot.Core.Gemini;
using Chatbot.Core.Usage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Chatbot.Core.Chats;

/// <summary>
/// What a user does to a session's messages: send a prompt, edit an earlier one, regenerate the last answer, stop one
/// that is streaming. The prompt is always stored before Gemini is asked, so no prompt is ever lost;
/// <see cref="AnswerGenerator"/> then records the answer, or the reason there is none, on the same row. A prompt
/// refused by a limit or the quota is refused before anything is stored or spent. Nothing is overwritten: an edit or
/// a regeneration adds a sibling and moves the current branch to it, and what it replaces stays on its own branch.
/// </summary>
public sealed class MessageCommands(
    ChatbotDbContext db,
    ConversationBuilder conversations,
    AnswerAdmission admission,
    AnswerGenerator answers,
    AnswerHeartbeat heartbeat,
    IOptions<GeminiOptions> gemini,
    TimeProvider time)
{
    /// <summary>Sends a prompt after the current branch's last message.</summary>
    public async Task<MessageDto> SendAsync(long userId, long sessionId, string? prompt, CancellationToken cancellationToken)
        => await answers.AnswerAsync(await StorePromptAsync(userId, sessionId, prompt, streamed: false, cancellationToken));

    /// <summary>As <see cref="SendAsync"/>, streaming the answer.</summary>
    public async Task<IAsyncEnumerable<MessageEvent>> StreamAsync(long userId, long sessionId, string? prompt, CancellationToken cancellationToken)
        => answers.Stream(await StorePromptAsync(userId, sessionId, prompt, streamed: true, cancellationToken), cancellationToken);

    /// <summary>
    /// Edits a prompt: a new message beside <paramref name="messageId"/> (the same history before it) with the new
    /// prompt, answered as a send is. The edited message and everything after it stay, on their own branch.
    /// </summary>
    public async Task<MessageDto> EditAsync(long userId, long sessionId, long messageId, string? prompt, CancellationToken cancellationToken)
        => await answers.AnswerAsync(await StoreEditAsync(userId, sessionId, messageId, prompt, streamed: false, cancellationToken));

    /// <summary>As <see cref="EditAsync"/>, streaming the answer.</summary>
    public async Task<IAsyncEnumerable<MessageEvent>> StreamEditAsync(
        long userId, long sessionId, long messageId, string? prompt, CancellationToken cancellationToken)
        => answers.Stream(await StoreEditAsync(userId, sessionId, messageId, prompt, streamed: true, cancellationToken), cancellationToken);

    /// <summary>
    /// Asks Gemini again for the current branch's last message, with the same history: the new answer is a new
    /// message beside it, and the answer it replaces stays as its sibling. Only the last message can be regenerated
    /// (a later exchange was built on the answer being replaced); an earlier one is edited instead.
    /// </summary>
    public async Task<MessageDto> RegenerateAsync(long userId, long sessionId, long messageId, CancellationToken cancellationToken)
        => await answers.AnswerAsync(await StoreRegenerationAsync(userId, sessionId, messageId, streamed: false, cancellationToken));

    /// <summary>As <see cref="RegenerateAsync"/>, streaming the new answer.</summary>
    public async Task<IAsyncEnumerable<MessageEvent>> StreamRegenerationAsync(long userId, long sessionId, long messageId, CancellationToken cancellationToken)
        => answers.Stream(await StoreRegenerationAsync(userId, sessionId, messageId, streamed: true, cancellationToken), cancellationToken);

    /// <summary>Asks to stop an answer that is streaming; whichever instance generates it notices within a second.</summary>
    public async Task<MessageDto> StopAsync(long userId, long sessionId, long messageId, CancellationToken cancellationToken)
    {
        await db.ChatSessions.EnsureOwnedAsync(userId, sessionId, cancellationToken);
        await heartbeat.RequestStopAsync(db, sessionId, messageId, cancellationToken);
        var message = await db.Messages.AsNoTracking()
            .Where(message => message.Id == messageId && message.SessionId == sessionId)
            .Select(MessageDto.Projection)
            .SingleOrDefaultAsync(cancellationToken)
            ?? throw MessageNotFound();
        return await db.WithSiblingsAsync(message, cancellationToken);
    }

    private async Task<PreparedAnswer> StorePromptAsync(
        long userId, long sessionId, string? prompt, bool streamed, CancellationToken cancellationToken)
    {
        ValidatePrompt(prompt);
        var session = await db.ChatSessions.OwnedBy(userId, sessionId).SingleOrNotFoundAsync(cancellationToken);
        var leaf = await db.Messages.Where(message => message.SessionId == sessionId && message.OnCurrentBranch)
            .MaxAsync(message => (long?)message.Id, cancellationToken);
        var conversation = await conversations.BuildAsync(session, message => message.OnCurrentBranch, prompt!, cancellationToken);
        return await AdmitAsync(userId, session, Message.Ask(sessionId, leaf, prompt!, conversation.Model, streamed, Now()),
            UsageKind.Answer, conversation, cancellationToken);
    }

    private async Task<PreparedAnswer> StoreEditAsync(
        long userId, long sessionId, long messageId, string? prompt, bool streamed, CancellationToken cancellationToken)
    {
        ValidatePrompt(prompt);
        var session = await db.ChatSessions.OwnedBy(userId, sessionId).SingleOrNotFoundAsync(cancellationToken);
        var tree = await MessageTree.LoadAsync(db, sessionId, cancellationToken);
        if (!tree.Contains(messageId))
        {
            throw MessageNotFound();
        }

        // The new message takes the edited one's place: its history is the path to their parent.
        var parent = tree.ParentOf(messageId);
        var history = tree.PathTo(parent);
        await db.MoveCurrentBranchAsync(tree, history, cancellationToken);
        var conversation = await conversations.BuildAsync(session, message => history.Contains(message.Id), prompt!, cancellationToken);
        return await AdmitAsync(userId, session, Message.Ask(sessionId, parent, prompt!, conversation.Model, streamed, Now()),
            UsageKind.Answer, conversation, cancellationToken);
    }

    private async Task<PreparedAnswer> StoreRegenerationAsync(
        long userId, long sessionId, long messageId, bool streamed, CancellationToken cancellationToken)
    {
        var session = await db.ChatSessions.OwnedBy(userId, sessionId).SingleOrNotFoundAsync(cancellationToken);
        var last = await db.Messages.Where(message => message.SessionId == sessionId && message.OnCurrentBranch)
            .OrderByDescending(message => message.Id).FirstOrDefaultAsync(cancellationToken);
        if (last?.Id != messageId)
        {
            throw await db.Messages.AnyAsync(message => message.Id == messageId && message.SessionId == sessionId, cancellationToken)
                ? new ProblemException(ProblemKind.Conflict, "not_last_message", "Only the last message of a session can be regenerated.")
                : MessageNotFound();
        }

        // Refused before the limits are checked or Gemini's limits are asked: nothing is spent on a message in progress.
        last.ThrowIfAnswering();
        var conversation = await conversations.BuildAsync(
            session, message => message.OnCurrentBranch && message.Id < messageId, last.Prompt, cancellationToken);
        last.LeaveBranch();
        return await AdmitAsync(userId, session, Message.Ask(sessionId, last.ParentId, last.Prompt, conversation.Model, streamed, Now()),
            UsageKind.Regeneration, conversation, cancellationToken);
    }

    /// <summary>Stores the new message (and whatever else changed) within the user's limits, and reserves its cost.</summary>
    private async Task<PreparedAnswer> AdmitAsync(
        long userId, ChatSession session, Message message, UsageKind kind, Conversation conversation, CancellationToken cancellationToken)
    {
        db.Messages.Add(message);
        session.UpdatedAt = message.CreatedAt;
        var reservation = await admission.AdmitAsync(
            userId, kind, UsageService.Estimate(conversation, gemini.Value.MaxOutputTokens), message, message.CreatedAt, cancellationToken);
        var siblings = await db.Messages.Where(other => other.SessionId == session.Id && other.ParentId == message.ParentId)
            .OrderBy(other => other.Id).Select(other => other.Id).ToListAsync(cancellationToken);
        return new PreparedAnswer(message, conversation, reservation, new MessageIds(siblings));
    }

    private void ValidatePrompt(string? prompt)
    {
        var max = gemini.Value.MaxPromptCharacters;
        var problem = prompt switch
        {
            null or "" => "This field is required.",
            _ when string.IsNullOrWhiteSpace(prompt) => "This field may not be blank.",
            { Length: var length } when length > max => $"Ensure this field has no more than {max} characters.",
            _ => null,
        };
        if (problem is not null)
        {
            throw ProblemException.Validation("prompt", problem);
        }
    }

    private static ProblemException MessageNotFound() => ProblemException.NotFound("The message");

    private DateTime Now() => Timestamps.Truncate(time.GetUtcNow());
}
