using System.Text;
using System.Threading.Channels;
using Chatbot.Core.Data;
using Chatbot.Core.Errors;
using Chatbot.Core.Gemini;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Chatbot.Core.Chats;

/// <summary>
/// Sending a message: the prompt is stored first, Gemini is asked with the conversation so far, and the answer
/// (or the reason there is none) is stored on the same row. Nothing is half-written and no prompt is ever lost.
/// </summary>
public sealed class MessageService(
    ChatbotDbContext db,
    IChatClient chat,
    IOptions<GeminiOptions> gemini,
    ConversationBuilder conversations,
    IServiceScopeFactory scopes,
    UsageService usage,
    SessionTitler titler,
    TimeProvider time)
{
    private static readonly TimeSpan StopPollInterval = TimeSpan.FromMilliseconds(250);

    public async Task<IReadOnlyList<MessageDto>> ListAsync(long userId, long sessionId, CancellationToken cancellationToken)
        => (await ListAsync(userId, sessionId, new PageRequest(int.MaxValue - 1, null, null), cancellationToken)).Items;

    /// <summary>
    /// A page of the session's messages, oldest first. Paging walks the (session, id) index, so a page costs the
    /// same in a session of a hundred messages or of a hundred thousand.
    /// </summary>
    public async Task<Page<MessageDto>> ListAsync(long userId, long sessionId, PageRequest page, CancellationToken cancellationToken)
    {
        await EnsureOwnedAsync(userId, sessionId, cancellationToken);
        var messages = db.Messages.AsNoTracking().Where(message => message.SessionId == sessionId);
        if (page.Before is { } before)
        {
            var earlier = await messages.Where(message => message.Id < before).OrderByDescending(message => message.Id)
                .Take(page.Limit + 1).Select(MessageDto.Projection).ToListAsync(cancellationToken);
            return new Page<MessageDto>(earlier.Take(page.Limit).Reverse().ToList(), HasPrevious: earlier.Count > page.Limit, HasNext: true);
        }

        var after = page.After ?? 0;
        var later = await messages.Where(message => message.Id > after).OrderBy(message => message.Id)
            .Take(page.Limit + 1).Select(MessageDto.Projection).ToListAsync(cancellationToken);
        return new Page<MessageDto>(later.Take(page.Limit).ToList(), HasPrevious: page.After is not null, HasNext: later.Count > page.Limit);
    }

    public async Task<MessageDto> SendAsync(long userId, long sessionId, string? prompt, CancellationToken cancellationToken)
    {
        var (message, conversation) = await StorePromptAsync(userId, sessionId, prompt, MessageStatus.Pending, cancellationToken);
        return await AnswerAsync(message, conversation);
    }

    /// <summary>
    /// Asks Gemini again for the session's last message, with the same history, and replaces its answer.
    /// Only the last message can be regenerated: a later exchange was built on the answer being replaced.
    /// </summary>
    public async Task<MessageDto> RegenerateAsync(long userId, long sessionId, long messageId, CancellationToken cancellationToken)
    {
        var (message, conversation) = await ResetLastAsync(userId, sessionId, messageId, MessageStatus.Pending, cancellationToken);
        return await AnswerAsync(message, conversation);
    }

    /// <summary>As <see cref="RegenerateAsync"/>, streaming the new answer.</summary>
    public async Task<IAsyncEnumerable<MessageEvent>> StreamRegenerationAsync(long userId, long sessionId, long messageId, CancellationToken cancellationToken)
    {
        var (message, conversation) = await ResetLastAsync(userId, sessionId, messageId, MessageStatus.Streaming, cancellationToken);
        return StartStreaming(message, conversation, cancellationToken);
    }

    private async Task<MessageDto> AnswerAsync(Message message, Conversation conversation)
    {
        // From here on the prompt is stored and the answer belongs to the user: a caller hanging up must not
        // cancel Gemini or leave the row pending, so the caller's token is no longer passed on.
        try
        {
            var response = await chat.GetResponseAsync(conversation.Messages, conversation.Options, CancellationToken.None);
            RecordAnswer(message, response.Text, FinishReasonOf(response.AdditionalProperties, response.FinishReason),
                response.FinishReason, response.Usage, response.ModelId);
        }
        catch (GeminiException failure)
        {
            RecordFailure(message, failure);
            await db.SaveChangesAsync(CancellationToken.None);
            throw ToProblem(failure, message.Id);
        }

        await db.SaveChangesAsync(CancellationToken.None);
        NameIfFirst(conversation, message);
        return MessageDto.From(message);
    }

    /// <summary>A session's first answer is what an untitled session is named after.</summary>
    private void NameIfFirst(Conversation conversation, Message message)
    {
        if (conversation.Untitled && conversation.Messages.Count == 1)
        {
            titler.Start(message.SessionId, message.Prompt);
        }
    }

    /// <summary>
    /// Stores the prompt, then streams the answer. Generation runs on its own, not tied to the reader: if the
    /// reader goes away, the answer is still completed and stored, and the message list shows it.
    /// </summary>
    public async Task<IAsyncEnumerable<MessageEvent>> StreamAsync(long userId, long sessionId, string? prompt, CancellationToken cancellationToken)
    {
        var (message, conversation) = await StorePromptAsync(userId, sessionId, prompt, MessageStatus.Streaming, cancellationToken);
        return StartStreaming(message, conversation, cancellationToken);
    }

    private IAsyncEnumerable<MessageEvent> StartStreaming(Message message, Conversation conversation, CancellationToken cancellationToken)
    {
        var events = Channel.CreateUnbounded<MessageEvent>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        events.Writer.TryWrite(new MessageEvent.Started(MessageDto.From(message)));
        _ = Task.Run(() => GenerateAsync(message.Id, conversation, events.Writer), CancellationToken.None);
        return events.Reader.ReadAllAsync(cancellationToken);
    }

    private async Task GenerateAsync(long messageId, Conversation conversation, ChannelWriter<MessageEvent> events)
    {
        // The request's scope ends with the request; the answer outlives it, so it gets a scope of its own.
        await using var scope = scopes.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<ChatbotDbContext>();
        var message = await store.Messages.SingleAsync(row => row.Id == messageId);
        var answer = new StringBuilder();
        string? finishReason = null, model = null;
        ChatFinishReason? finish = null;
        UsageDetails? usage = null;
        using var stop = new CancellationTokenSource();
        var watching = WatchForStopAsync(messageId, stop);
        try
        {
            await foreach (var update in chat.GetStreamingResponseAsync(conversation.Messages, conversation.Options, stop.Token))
            {
                if (update.Text is { Length: > 0 } delta)
                {
                    answer.Append(delta);
                    events.TryWrite(new MessageEvent.Delta(delta));
                }

                finishReason = FinishReasonOf(update.AdditionalProperties, update.FinishReason) ?? finishReason;
                finish = update.FinishReason ?? finish;
                usage = update.Contents.OfType<UsageContent>().LastOrDefault()?.Details ?? usage;
                model = update.ModelId ?? model;
            }

            RecordAnswer(message, answer.ToString(), finishReason, finish, usage, model);
            await store.SaveChangesAsync(CancellationToken.None);
            events.TryWrite(new MessageEvent.Completed(MessageDto.From(message)));
            NameIfFirst(conversation, message);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            RecordAnswer(message, answer.ToString(), finishReason, finish, usage, model);
            message.Status = MessageStatus.Stopped;
            await store.SaveChangesAsync(CancellationToken.None);
            events.TryWrite(new MessageEvent.Completed(MessageDto.From(message)));
        }
        catch (GeminiException failure)
        {
            message.Response = failure.PartialText ?? answer.ToString();
            RecordFailure(message, failure);
            await store.SaveChangesAsync(CancellationToken.None);
            events.TryWrite(new MessageEvent.Failed(ToProblem(failure, message.Id), MessageDto.From(message)));
        }
        finally
        {
            events.TryComplete();
            await stop.CancelAsync();
            await watching;
        }
    }

    /// <summary>The whole conversation: the session and every message, oldest first.</summary>
    public async Task<ConversationExport> ExportAsync(long userId, long sessionId, CancellationToken cancellationToken)
    {
        var session = await db.ChatSessions.AsNoTracking().OwnedBy(userId, sessionId)
            .Select(ChatSessionDto.Projection).SingleOrDefaultAsync(cancellationToken)
            ?? throw ChatSessionService.SessionNotFound();
        var messages = await db.Messages.AsNoTracking().Where(message => message.SessionId == sessionId)
            .OrderBy(message => message.Id).Select(MessageDto.Projection).ToListAsync(cancellationToken);
        return new ConversationExport(session, messages);
    }

    /// <summary>Asks to stop an answer that is streaming; whichever instance generates it notices within a moment.</summary>
    public async Task<MessageDto> StopAsync(long userId, long sessionId, long messageId, CancellationToken cancellationToken)
    {
        await EnsureOwnedAsync(userId, sessionId, cancellationToken);
        var now = Now();
        await db.Messages
            .Where(message => message.Id == messageId && message.SessionId == sessionId && message.Status == MessageStatus.Streaming)
            .ExecuteUpdateAsync(setters => setters.SetProperty(message => message.StopRequestedAt, now), cancellationToken);
        return await db.Messages.AsNoTracking()
            .Where(message => message.Id == messageId && message.SessionId == sessionId)
            .Select(MessageDto.Projection)
            .SingleOrDefaultAsync(cancellationToken)
            ?? throw ProblemException.NotFound("The message");
    }

    /// <summary>Polls the database for a stop request, so a stop sent to any instance reaches the generator.</summary>
    private async Task WatchForStopAsync(long messageId, CancellationTokenSource stop)
    {
        await using var scope = scopes.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<ChatbotDbContext>();
        using var timer = new PeriodicTimer(StopPollInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stop.Token))
            {
                if (await store.Messages.AnyAsync(message => message.Id == messageId && message.StopRequestedAt != null, stop.Token))
                {
                    await stop.CancelAsync();
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The answer ended, or was stopped: nothing more to watch.
        }
    }

    private async Task<(Message Message, Conversation Conversation)> StorePromptAsync(
        long userId, long sessionId, string? prompt, MessageStatus status, CancellationToken cancellationToken)
    {
        ValidatePrompt(prompt);
        var session = await db.ChatSessions.OwnedBy(userId, sessionId).SingleOrDefaultAsync(cancellationToken)
            ?? throw ChatSessionService.SessionNotFound();
        await usage.EnsureWithinQuotaAsync(userId, cancellationToken);
        var conversation = await conversations.BuildAsync(session, long.MaxValue, prompt!, cancellationToken);

        var message = new Message
        {
            SessionId = sessionId,
            Prompt = prompt!,
            Status = status,
            Model = session.Model ?? gemini.Value.Model,
            CreatedAt = Now(),
        };
        message.AnsweringSince = message.CreatedAt;
        db.Messages.Add(message);
        session.UpdatedAt = message.CreatedAt;
        await db.SaveChangesAsync(cancellationToken);
        return (message, conversation);
    }

    private async Task<(Message Message, Conversation Conversation)> ResetLastAsync(
        long userId, long sessionId, long messageId, MessageStatus status, CancellationToken cancellationToken)
    {
        var session = await db.ChatSessions.OwnedBy(userId, sessionId).SingleOrDefaultAsync(cancellationToken)
            ?? throw ChatSessionService.SessionNotFound();
        var last = await db.Messages.Where(message => message.SessionId == sessionId)
            .OrderByDescending(message => message.Id).FirstOrDefaultAsync(cancellationToken);
        if (last?.Id != messageId)
        {
            throw await db.Messages.AnyAsync(message => message.Id == messageId && message.SessionId == sessionId, cancellationToken)
                ? new ProblemException(ProblemKind.Conflict, "not_last_message", "Only the last message of a session can be regenerated.")
                : ProblemException.NotFound("The message");
        }

        if (last.Status is MessageStatus.Pending or MessageStatus.Streaming)
        {
            throw new ProblemException(ProblemKind.Conflict, "answer_in_progress", "This message is still being answered; stop it first.");
        }

        await usage.EnsureWithinQuotaAsync(userId, cancellationToken);

        var conversation = await conversations.BuildAsync(session, messageId, last.Prompt, cancellationToken);
        last.Response = "";
        last.Status = status;
        last.Model = session.Model ?? gemini.Value.Model;
        last.FinishReason = last.ErrorCode = null;
        last.PromptTokens = last.ResponseTokens = null;
        last.CompletedAt = last.StopRequestedAt = null;
        last.AnsweringSince = session.UpdatedAt = Now();
        await db.SaveChangesAsync(cancellationToken);
        return (last, conversation);
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

    private async Task EnsureOwnedAsync(long userId, long sessionId, CancellationToken cancellationToken)
    {
        if (!await db.ChatSessions.OwnedBy(userId, sessionId).AnyAsync(cancellationToken))
        {
            throw ChatSessionService.SessionNotFound();
        }
    }

    private void RecordAnswer(Message message, string text, string? finishReason, ChatFinishReason? finish, UsageDetails? usage, string? model)
    {
        message.Response = text;
        message.Status = finish == ChatFinishReason.Length ? MessageStatus.Truncated : MessageStatus.Complete;
        message.FinishReason = finishReason;
        message.Model = model ?? message.Model;
        message.PromptTokens = ToInt(usage?.InputTokenCount);
        message.ResponseTokens = ToInt(usage?.OutputTokenCount);
        message.CompletedAt = Now();
    }

    /// <summary>Google's own spelling (STOP, MAX_TOKENS) when the client kept it, else the abstraction's.</summary>
    private static string? FinishReasonOf(AdditionalPropertiesDictionary? properties, ChatFinishReason? finish)
        => properties?.TryGetValue("finish_reason", out var reason) == true && reason is not null ? reason.ToString() : finish?.Value;

    private void RecordFailure(Message message, GeminiException failure)
    {
        message.Status = failure.Failure == GeminiFailure.Blocked ? MessageStatus.Blocked : MessageStatus.Failed;
        message.FinishReason = failure.BlockReason;
        message.ErrorCode = ErrorCodeOf(failure.Failure);
        message.CompletedAt = Now();
    }

    private static ProblemException ToProblem(GeminiException failure, long messageId)
    {
        var (kind, detail) = failure.Failure switch
        {
            GeminiFailure.NotConfigured => (ProblemKind.Unavailable,
                "The Gemini API key is missing: set Gemini__ApiKey (or GEMINI_API_KEY) and restart. Your prompt was saved."),
            GeminiFailure.Rejected => (ProblemKind.Unavailable,
                "Gemini rejected this server's API key or project; an operator must fix the configuration. Your prompt was saved."),
            GeminiFailure.RateLimited => (ProblemKind.TooManyRequests,
                "Gemini's rate limit or quota is exhausted; retry later. Your prompt was saved."),
            GeminiFailure.Unavailable => (ProblemKind.Unavailable, "Gemini is unavailable right now; retry later. Your prompt was saved."),
            GeminiFailure.Timeout => (ProblemKind.GatewayTimeout, "Gemini did not answer in time. Your prompt was saved."),
            GeminiFailure.Blocked => (ProblemKind.Unprocessable,
                $"Gemini declined to answer this prompt ({failure.BlockReason ?? "blocked"})."),
            _ => (ProblemKind.BadGateway, "Gemini returned an error. Your prompt was saved."),
        };
        return new ProblemException(kind, ErrorCodeOf(failure.Failure), detail, failure)
        {
            RetryAfter = failure.RetryAfter,
            Extensions = new Dictionary<string, object> { ["message_id"] = messageId },
        };
    }

    private static string ErrorCodeOf(GeminiFailure failure) => failure switch
    {
        GeminiFailure.NotConfigured => "gemini_not_configured",
        GeminiFailure.Rejected => "gemini_rejected",
        GeminiFailure.RateLimited => "gemini_rate_limited",
        GeminiFailure.Unavailable => "gemini_unavailable",
        GeminiFailure.Timeout => "gemini_timeout",
        GeminiFailure.Blocked => "content_blocked",
        _ => "gemini_error",
    };

    private static int? ToInt(long? value) => value is { } count ? (int)Math.Min(count, int.MaxValue) : null;

    private DateTime Now() => Timestamps.Truncate(time.GetUtcNow());

}
