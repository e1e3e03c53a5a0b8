using Chatbot.Core.ApiKeys;
using Chatbot.Core.Attachments;
using Chatbot.Core.Data;
using Chatbot.Core.Errors;
using Chatbot.Core.Import;
using Chatbot.Core.Limits;
using Chatbot.Core.Usage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.AI;

namespace Chatbot.Core.Chats;

/// <summary>
/// What a user does to a session's messages: send a prompt, edit an earlier one, regenerate the last answer, stop one
/// that is streaming. Each ask is planned (<see cref="AnswerPlanner"/>), admitted (<see cref="AnswerAdmission"/>) and
/// stored with its reservation in one transaction before the model is asked, so no prompt is ever lost and a prompt
/// refused by a limit or the quota stores and spends nothing; <see cref="AnswerRunner"/> then records the answer, or
/// the reason there is none, on the same row. Nothing is overwritten: an edit or a regeneration adds a sibling and
/// moves the current branch to it, and what it replaces stays on its own branch.
/// </summary>
public sealed class MessageCommands(
    ChatbotDbContext db,
    AnswerPlanner planner,
    AttachmentParts attachmentParts,
    AnswerAdmission admission,
    AnswerRunner runner,
    AnswerHeartbeat heartbeat,
    ApiKeyCaller caller,
    TimeProvider time)
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
        return await AskAsync(userId, session, leaf, plan, UsageKind.Answer, streamed, cancellationToken);
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
        return await AskAsync(userId, session, parent, plan, UsageKind.Answer, streamed, cancellationToken);
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
        return await AskAsync(userId, session, last.ParentId, plan, UsageKind.Regeneration, streamed, cancellationToken);
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
    private async Task<AnswerRun> AskAsync(
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

    private static ProblemException MessageNotFound() => ProblemException.NotFound("The message");
}
