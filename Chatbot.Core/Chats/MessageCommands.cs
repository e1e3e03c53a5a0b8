using Chatbot.Core.Data;
using Chatbot.Core.Errors;
using Chatbot.Core.Gemini;
using Chatbot.Core.Usage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Chatbot.Core.Chats;

/// <summary>
/// What a user does to a session's messages: send a prompt, regenerate the last answer, stop one that is streaming.
/// The prompt is always stored before Gemini is asked, so no prompt is ever lost; <see cref="AnswerGenerator"/> then
/// records the answer, or the reason there is none, on the same row. A prompt refused by a limit or the quota is
/// refused before anything is stored or spent.
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
    public async Task<MessageDto> SendAsync(long userId, long sessionId, string? prompt, CancellationToken cancellationToken)
    {
        var (message, conversation, reservation) = await StorePromptAsync(userId, sessionId, prompt, streamed: false, cancellationToken);
        return await answers.AnswerAsync(message, conversation, reservation);
    }

    /// <summary>As <see cref="SendAsync"/>, streaming the answer.</summary>
    public async Task<IAsyncEnumerable<MessageEvent>> StreamAsync(long userId, long sessionId, string? prompt, CancellationToken cancellationToken)
    {
        var (message, conversation, reservation) = await StorePromptAsync(userId, sessionId, prompt, streamed: true, cancellationToken);
        return answers.Stream(message, conversation, reservation, cancellationToken);
    }

    /// <summary>
    /// Asks Gemini again for the session's last message, with the same history, and replaces its answer.
    /// Only the last message can be regenerated: a later exchange was built on the answer being replaced.
    /// </summary>
    public async Task<MessageDto> RegenerateAsync(long userId, long sessionId, long messageId, CancellationToken cancellationToken)
    {
        var (message, conversation, reservation) = await ReaskLastAsync(userId, sessionId, messageId, streamed: false, cancellationToken);
        return await answers.AnswerAsync(message, conversation, reservation);
    }

    /// <summary>As <see cref="RegenerateAsync"/>, streaming the new answer.</summary>
    public async Task<IAsyncEnumerable<MessageEvent>> StreamRegenerationAsync(long userId, long sessionId, long messageId, CancellationToken cancellationToken)
    {
        var (message, conversation, reservation) = await ReaskLastAsync(userId, sessionId, messageId, streamed: true, cancellationToken);
        return answers.Stream(message, conversation, reservation, cancellationToken);
    }

    /// <summary>Asks to stop an answer that is streaming; whichever instance generates it notices within a second.</summary>
    public async Task<MessageDto> StopAsync(long userId, long sessionId, long messageId, CancellationToken cancellationToken)
    {
        await db.ChatSessions.EnsureOwnedAsync(userId, sessionId, cancellationToken);
        await heartbeat.RequestStopAsync(db, sessionId, messageId, cancellationToken);
        return await db.Messages.AsNoTracking()
            .Where(message => message.Id == messageId && message.SessionId == sessionId)
            .Select(MessageDto.Projection)
            .SingleOrDefaultAsync(cancellationToken)
            ?? throw MessageNotFound();
    }

    private async Task<(Message Message, Conversation Conversation, UsageEntry Reservation)> StorePromptAsync(
        long userId, long sessionId, string? prompt, bool streamed, CancellationToken cancellationToken)
    {
        ValidatePrompt(prompt);
        var session = await db.ChatSessions.OwnedBy(userId, sessionId).SingleOrNotFoundAsync(cancellationToken);
        var conversation = await conversations.BuildAsync(session, long.MaxValue, prompt!, cancellationToken);

        var now = Now();
        var message = Message.Ask(sessionId, prompt!, conversation.Model, streamed, now);
        db.Messages.Add(message);
        session.UpdatedAt = now;
        var reservation = await admission.AdmitAsync(
            userId, UsageKind.Answer, UsageService.Estimate(conversation, gemini.Value.MaxOutputTokens), message, now, cancellationToken);
        return (message, conversation, reservation);
    }

    private async Task<(Message Message, Conversation Conversation, UsageEntry Reservation)> ReaskLastAsync(
        long userId, long sessionId, long messageId, bool streamed, CancellationToken cancellationToken)
    {
        var session = await db.ChatSessions.OwnedBy(userId, sessionId).SingleOrNotFoundAsync(cancellationToken);
        var last = await db.Messages.Where(message => message.SessionId == sessionId)
            .OrderByDescending(message => message.Id).FirstOrDefaultAsync(cancellationToken);
        if (last?.Id != messageId)
        {
            throw await db.Messages.AnyAsync(message => message.Id == messageId && message.SessionId == sessionId, cancellationToken)
                ? new ProblemException(ProblemKind.Conflict, "not_last_message", "Only the last message of a session can be regenerated.")
                : MessageNotFound();
        }

        // Refused before the limits are checked or Gemini's limits are asked: nothing is spent on a message in progress.
        last.ThrowIfAnswering();
        var conversation = await conversations.BuildAsync(session, messageId, last.Prompt, cancellationToken);
        var now = Now();
        last.Reask(conversation.Model, streamed, now);
        session.UpdatedAt = now;
        var reservation = await admission.AdmitAsync(
            userId, UsageKind.Regeneration, UsageService.Estimate(conversation, gemini.Value.MaxOutputTokens), last, now, cancellationToken);
        return (last, conversation, reservation);
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
