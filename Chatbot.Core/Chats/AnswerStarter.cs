using Chatbot.Core.ApiKeys;
using Chatbot.Core.Attachments;
using Chatbot.Core.Data;
using Chatbot.Core.Import;
using Chatbot.Core.Limits;
using Chatbot.Core.Usage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.AI;

namespace Chatbot.Core.Chats;

/// <summary>
/// Starts a planned answer: the prompt is admitted (<see cref="AnswerAdmission"/>: the limits, the quota, the key's
/// too) and stored with the reservation of its cost in one transaction before the model is asked, so no prompt is ever
/// lost and a prompt refused by a limit or the quota stores and spends nothing; <see cref="AnswerRunner"/> then records
/// the answer, or the reason there is none, on the same row. Shares the request's context with the caller, whose
/// tracked changes (a branch moved, a message left) are saved in the same transaction.
/// </summary>
public sealed class AnswerStarter(ChatbotDbContext db, AnswerAdmission admission, AnswerRunner runner, ApiKeyCaller caller, TimeProvider time)
{
    /// <summary>
    /// Asks for an answer planned elsewhere (<c>/v1/chat/completions</c>: the caller's own turns and generation
    /// settings) in a new session of the user's, created with the prompt. When the plan discards its session, the
    /// session goes once the answer is stored and settled; its ledger row stays.
    /// </summary>
    internal async Task<AnswerRun> AskPlannedAsync(long userId, AnswerPlan plan, bool streamed, CancellationToken cancellationToken)
    {
        var now = time.GetDatabaseNow();
        var session = new ChatSession
        {
            UserId = userId,
            Model = plan.Model,
            SystemPrompt = plan.Instructions,
            StartedAt = now,
            UpdatedAt = now,
            Transient = plan.DiscardsSession,
        };
        db.ChatSessions.Add(session);
        // A kept session shows the turns the caller sent before the prompt, as exchanges of its history.
        var last = plan.DiscardsSession ? null : StoreHistory(userId, session, plan, now);
        return await AskAsync(userId, session, null, plan, UsageKind.Api, streamed, cancellationToken, after: last);
    }

    /// <summary>The turns before the prompt as finished exchanges, each user turn (or run of them) with the answer after it.</summary>
    private static Message? StoreHistory(long userId, ChatSession session, AnswerPlan plan, DateTime now)
    {
        Message? last = null;
        string? prompt = null;
        foreach (var turn in plan.History)
        {
            if (turn.Role == ChatRole.User)
            {
                prompt = prompt is null ? turn.Text : $"{prompt}\n\n{turn.Text}";
                continue;
            }

            last = Message.Imported(userId, last, new ImportedExchange(null, prompt ?? "", turn.Text, now, MessageStatus.Complete, plan.Model), onCurrentBranch: true);
            session.Messages.Add(last);
            prompt = null;
        }

        return last;
    }

    /// <summary>
    /// Admits the prompt and stores it after <paramref name="parentId"/>, with whatever else changed in this context and
    /// the reservation of its cost, all or nothing; then starts its answer. A refusal throws and stores nothing.
    /// </summary>
    internal async Task<AnswerRun> AskAsync(
        long userId, ChatSession session, long? parentId, AnswerPlan plan, UsageKind kind, bool streamed, CancellationToken cancellationToken,
        Message? after = null)
    {
        caller.EnsureModelAllowed(plan.Model);
        var message = Message.Ask(session.UserId, session.Id, parentId, plan.PromptText ?? plan.Prompt.Text, plan.Model, streamed, time.GetDatabaseNow());
        db.Messages.Add(message);
        // A session created with its prompt (and the exchanges before it) gets its ids as they are saved together.
        session.Messages.Add(message);
        if (after is not null)
        {
            message.Follow(after);
        }

        db.MessageAttachments.AddRange(plan.Attachments.Select((file, position) =>
            new MessageAttachment { Message = message, AttachmentId = file.Id, Position = position }));
        session.UpdatedAt = message.CreatedAt;
        // The changes are made before the retried part, so a retry does not make them twice.
        var reservation = await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            await using var transaction = await db.BeginWriteAsync(cancellationToken);
            await admission.EnsureAllowedAsync(userId, message.CreatedAt, plan.InputTokens, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            var entry = UsageEntry.Reserve(userId, session.Id, message.Id, kind, plan.ReservedTokens, message.CreatedAt, caller.Grant?.Id);
            db.UsageLedger.Add(entry);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return entry;
        });

        var siblings = await db.Messages.Where(other => other.SessionId == session.Id && other.ParentId == message.ParentId)
            .OrderBy(other => other.Id).Select(other => other.Id).ToListAsync(cancellationToken);
        // The run writes the message and the reservation in its own scope: this request's context lets go of them.
        db.ChangeTracker.Clear();
        return runner.Start(new AdmittedAnswer(userId, message, plan, reservation, new MessageIds(siblings), streamed));
    }
}
