using Chatbot.Core.Data;
using Chatbot.Core.Usage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Chatbot.Core.Chats;

/// <summary>
/// Names an untitled session after its first answer, with a small call to the session's model off the request's path. A failure
/// leaves the title null; a title the user set meanwhile is never overwritten. What the call cost goes in the
/// user's usage ledger, whether a title came of it or not.
/// </summary>
public sealed partial class SessionTitler(
    IChatClient chat,
    IServiceScopeFactory scopes,
    IOptions<TitleOptions> options,
    TimeProvider time,
    ILogger<SessionTitler> logger)
{
    private const string Instruction =
        "Write a title of at most six words for a chat that begins with the message below. Answer with the title only.";

    /// <summary>Starts naming the session in the background, when titles are on, with the session's model (its provider writes the title too).</summary>
    public void Start(long userId, long sessionId, string model, string firstPrompt)
    {
        if (options.Value.Enabled)
        {
            _ = Task.Run(() => NameAsync(userId, sessionId, model, firstPrompt));
        }
    }

    private async Task NameAsync(long userId, long sessionId, string model, string firstPrompt)
    {
        try
        {
            var response = await chat.GetResponseAsync(
                [new ChatMessage(ChatRole.User, $"{Instruction}\n\n{firstPrompt}")],
                new ChatOptions { ModelId = model, Instructions = "You write short, plain titles.", MaxOutputTokens = 64 });
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ChatbotDbContext>();
            db.UsageLedger.Add(UsageEntry.Record(userId, sessionId, UsageKind.Title,
                GeneratedAnswer.Count(response.Usage?.InputTokenCount), GeneratedAnswer.Count(response.Usage?.OutputTokenCount),
                time.GetDatabaseNow()));
            await db.SaveChangesAsync();

            var title = Clean(response.Text);
            if (title is null)
            {
                return;
            }

            await db.ChatSessions
                .Where(session => session.Id == sessionId && session.Title == null)
                .ExecuteUpdateAsync(setters => setters.SetProperty(session => session.Title, title));
        }
        catch (Exception error)
        {
            // Background work with nobody to answer: the title stays null, and the log says why (never the prompt).
            LogTitleFailed(sessionId, error.GetType().Name, error is Gemini.GeminiException ? error.Message : "");
        }
    }

    /// <summary>The first line, without quotes or a trailing full stop, within the title's length.</summary>
    private static string? Clean(string text)
    {
        var line = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        var title = line?.Trim('"', '\'', '*', '#', ' ').TrimEnd('.');
        return string.IsNullOrWhiteSpace(title) ? null : title[..Math.Min(title.Length, ChatRules.MaxTitleLength)];
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Naming session {SessionId} failed ({ErrorType}) {Reason}")]
    private partial void LogTitleFailed(long sessionId, string errorType, string reason);
}
