using System.Text.Json;
using Chatbot.Core.Attachments;
using Chatbot.Core.Chats;
using Chatbot.Core.Data;
using Chatbot.Core.Gemini;
using Chatbot.Core.Models;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Chatbot.Core.Import;

/// <summary>
/// Stores the conversations of an import file as new sessions of the user. All or nothing: the file is read and
/// checked whole before anything is stored, and everything is stored in one transaction. Imported messages are
/// finished, spend nothing (no usage ledger row, so no quota or message limit counts them) and reach Gemini only as
/// history once the user sends in the session.
/// </summary>
public sealed class ConversationImporter(ChatbotDbContext db, IOptions<GeminiOptions> gemini, ModelCatalogue models, TimeProvider time)
{
    /// <summary>The sessions created, in the file's order.</summary>
    public async Task<IReadOnlyList<ChatSessionDto>> ImportAsync(long userId, JsonElement file, CancellationToken cancellationToken)
    {
        var conversations = ImportFile.Read(file, models.Ids, gemini.Value.MaxPromptCharacters);
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            // A retry starts again from the file, not from entities a rolled-back attempt left looking saved.
            db.ChangeTracker.Clear();
            await using var transaction = await db.BeginWriteAsync(cancellationToken);
            var order = new InsertionOrder(db);
            var now = time.GetDatabaseNow();
            var sessions = new List<ChatSession>(conversations.Count);
            foreach (var conversation in conversations)
            {
                sessions.Add(await StoreAsync(userId, conversation, order, now, cancellationToken));
            }

            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return sessions.Select(ChatSessionDto.From).ToList();
        });
    }

    private async Task<ChatSession> StoreAsync(
        long userId, ImportedConversation conversation, InsertionOrder order, DateTime now, CancellationToken cancellationToken)
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
        order.Add(session);
        var currentBranch = conversation.CurrentBranch();
        var stored = new Message[conversation.Exchanges.Count];
        for (var index = 0; index < stored.Length; index++)
        {
            var exchange = conversation.Exchanges[index];
            stored[index] = await order.AddAsync(
                exchange, exchange.Parent is { } parent ? stored[parent] : null, currentBranch.Contains(index), cancellationToken);
            // Saved with their message, in the same batch: a save only ever happens before a message is added.
            db.MessageAttachments.AddRange(exchange.Attachments.Select((file, position) => new MessageAttachment
            {
                Message = stored[index],
                Attachment = Attachment.Unavailable(userId, file.Name, file.ContentType, file.Size, file.Sha256, now),
                Position = position,
            }));
        }

        return session;
    }
}
