using System.Text.Json;
using Chatbot.Core.Chats;
using Chatbot.Core.Data;
using Chatbot.Core.Gemini;
using Microsoft.Extensions.Options;

namespace Chatbot.Core.Import;

/// <summary>
/// Stores the conversations of an import file as new sessions of the user. All or nothing: the file is read and
/// checked whole before anything is stored, and every session and message goes in with one SaveChanges (one
/// transaction), each message linked to its parent by navigation so a tree saves parents first. Imported messages
/// are finished, spend nothing (no usage ledger row, so no quota or message limit counts them) and reach Gemini only
/// as history once the user sends in the session.
/// </summary>
public sealed class ConversationImporter(ChatbotDbContext db, IOptions<GeminiOptions> gemini)
{
    /// <summary>The sessions created, in the file's order.</summary>
    public async Task<IReadOnlyList<ChatSessionDto>> ImportAsync(long userId, JsonElement file, CancellationToken cancellationToken)
    {
        var sessions = ImportFile.Read(file, gemini.Value.SelectableModels).Select(conversation => Session(userId, conversation)).ToList();
        db.ChatSessions.AddRange(sessions);
        await db.SaveChangesAsync(cancellationToken);
        return sessions.Select(ChatSessionDto.From).ToList();
    }

    private static ChatSession Session(long userId, ImportedConversation conversation)
    {
        var session = new ChatSession
        {
            UserId = userId,
            Title = conversation.Title,
            SystemPrompt = conversation.SystemPrompt,
            Model = conversation.Model,
            StartedAt = conversation.StartedAt,
            UpdatedAt = conversation.UpdatedAt,
        };
        var currentBranch = conversation.CurrentBranch();
        var stored = new Message[conversation.Exchanges.Count];
        for (var index = 0; index < stored.Length; index++)
        {
            var exchange = conversation.Exchanges[index];
            stored[index] = Message.Imported(exchange.Parent is { } parent ? stored[parent] : null, exchange, currentBranch.Contains(index));
            session.Messages.Add(stored[index]);
        }

        return session;
    }
}
