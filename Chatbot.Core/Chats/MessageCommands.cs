using Chatbot.Core.Attachments;
using Chatbot.Core.Data;
using Chatbot.Core.Errors;
using Chatbot.Core.Usage;
using Microsoft.EntityFrameworkCore;

namespace Chatbot.Core.Chats;

/// <summary>
/// What a user does to a session's messages: send a prompt, edit an earlier one, regenerate the last answer, stop one
/// that is streaming. Each ask is planned (<see cref="AnswerPlanner"/>), then admitted, stored and started by
/// <see cref="AnswerStarter"/>. Nothing is overwritten: an edit or a regeneration adds a sibling and
/// moves the current branch to it, and what it replaces stays on its own branch.
/// </summary>
public sealed class MessageCommands(
    ChatbotDbContext db,
    AnswerPlanner planner,
    AttachmentParts attachmentParts,
    AnswerStarter starter,
    AnswerHeartbeat heartbeat)
{
    /// <summary>Sends a prompt after the current branch's last message; <paramref name="streamed"/>: answered piece by piece.</summary>
    public Task<AnswerRun> SendAsync(long userId, long sessionId, string? prompt, bool streamed, CancellationToken cancellationToken)
        => SendAsync(userId, sessionId, prompt, [], streamed, cancellationToken);

    /// <summary>The same, with the caller's uploads <paramref name="attachmentIds"/> beside the prompt (which may then be empty).</summary>
    public async Task<AnswerRun> SendAsync(
        long userId, long sessionId, string? prompt, IReadOnlyList<long>? attachmentIds, bool streamed, CancellationToken cancellationToken)
    {
        planner.ValidatePrompt(prompt, attachments: attachmentIds is { Count: > 0 });
        var session = await db.ChatSessions.OwnedBy(userId, sessionId).SingleOrNotFoundAsync(cancellationToken);
        var attachments = await attachmentParts.ForPromptAsync(userId, attachmentIds, planner.ModelOf(session), cancellationToken);
        var leaf = await db.Messages.Where(message => message.SessionId == sessionId && message.OnCurrentBranch)
            .MaxAsync(message => (long?)message.Id, cancellationToken);
        var plan = await planner.PlanAsync(session, message => message.OnCurrentBranch, prompt ?? "", attachments, cancellationToken);
        return await starter.AskAsync(userId, session, leaf, plan, UsageKind.Answer, streamed, cancellationToken);
    }

    /// <summary>
    /// Edits a prompt: a new message beside <paramref name="messageId"/> (the same history before it) with the new
    /// prompt, answered as a send is. The edited message and everything after it stay, on their own branch.
    /// </summary>
    public Task<AnswerRun> EditAsync(
        long userId, long sessionId, long messageId, string? prompt, bool streamed, CancellationToken cancellationToken)
        => EditAsync(userId, sessionId, messageId, prompt, [], streamed, cancellationToken);

    /// <summary>The same, with the caller's uploads <paramref name="attachmentIds"/> beside the new prompt.</summary>
    public async Task<AnswerRun> EditAsync(
        long userId, long sessionId, long messageId, string? prompt, IReadOnlyList<long>? attachmentIds, bool streamed,
        CancellationToken cancellationToken)
    {
        planner.ValidatePrompt(prompt, attachments: attachmentIds is { Count: > 0 });
        var session = await db.ChatSessions.OwnedBy(userId, sessionId).SingleOrNotFoundAsync(cancellationToken);
        var attachments = await attachmentParts.ForPromptAsync(userId, attachmentIds, planner.ModelOf(session), cancellationToken);
        var tree = await MessageTree.LoadAsync(db, sessionId, cancellationToken);
        if (!tree.Contains(messageId))
        {
            throw MessageNotFound();
        }

        // The new message takes the edited one's place: its history is the path to their parent.
        var parent = tree.ParentOf(messageId);
        var history = tree.PathTo(parent);
        await db.MoveCurrentBranchAsync(tree, history, cancellationToken);
        var plan = await planner.PlanAsync(session, message => history.Contains(message.Id), prompt ?? "", attachments, cancellationToken);
        return await starter.AskAsync(userId, session, parent, plan, UsageKind.Answer, streamed, cancellationToken);
    }

    /// <summary>
    /// Asks again for the current branch's last message, with the same history: the new answer is a new message beside
    /// it, and the answer it replaces stays as its sibling. Only the last message can be regenerated (a later exchange
    /// was built on the answer being replaced); an earlier one is edited instead.
    /// </summary>
    public async Task<AnswerRun> RegenerateAsync(long userId, long sessionId, long messageId, bool streamed, CancellationToken cancellationToken)
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

        // Refused before the limits are checked or the model's limits are asked: nothing is spent on a message in progress.
        last.ThrowIfAnswering();
        // The new answer is asked with the same files as the one it replaces.
        var attachments = (await attachmentParts.OfMessagesAsync([messageId], cancellationToken))[messageId].ToList();
        var plan = await planner.PlanAsync(
            session, message => message.OnCurrentBranch && message.Id < messageId, last.Prompt, attachments, cancellationToken);
        last.LeaveBranch();
        return await starter.AskAsync(userId, session, last.ParentId, plan, UsageKind.Regeneration, streamed, cancellationToken);
    }

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
        return await db.WithAttachmentsAsync(await db.WithSiblingsAsync(message, cancellationToken), cancellationToken);
    }

    private static ProblemException MessageNotFound() => ProblemException.NotFound("The message");
}
