using Chatbot.Core.Errors;
using Microsoft.EntityFrameworkCore.Query;

namespace Chatbot.Core.Chats;

/// <summary>
/// One exchange in a session: the user's prompt and Gemini's answer. Where the answer stands (<see cref="Status"/>)
/// changes only through the methods below, so every allowed move is on this screen:
/// <code>
/// Ask ──► Pending or Streaming ──► Finish ──► Complete or Truncated
///                                ├─► Stop ────► Stopped
///                                ├─► Fail ────► Failed or Blocked
///                                ├─► Heartbeat (the text so far, every second; the status stays)
///                                └─► Interrupted (its heartbeat stopped) ──► Failed
/// Imported ──► the status its file recorded, finished (one caught in progress ──► Failed, interrupted)
/// </code>
/// A session's messages form a tree: each message answers after its <see cref="Parent"/>. Editing a prompt or
/// regenerating an answer adds a sibling (through Ask) instead of overwriting, and the messages on the path the user is looking at
/// carry <see cref="OnCurrentBranch"/>, so the current branch is one indexed read however the tree grew.
/// </summary>
public sealed class Message
{
    // EF materialises rows through this constructor; new messages come from Ask.
    private Message()
    {
    }

    public long Id { get; private set; }

    public long SessionId { get; private set; }

    /// <summary>
    /// The session's owner, copied here (a session never changes hands) so that the search index can hold each
    /// message under its owner and a search reads only the caller's messages (see <see cref="Search.MessageSearchIndex"/>).
    /// </summary>
    public long UserId { get; private set; }

    /// <summary>The message before this one on its branch; null for a session's first.</summary>
    public long? ParentId { get; private set; }

    /// <summary>Set only by <see cref="Imported"/>, so an imported tree is stored before any of its ids are known, parents first.</summary>
    public Message? Parent { get; private set; }

    /// <summary>On the path from the first message to the leaf the user is looking at (and sending after).</summary>
    public bool OnCurrentBranch { get; private set; }

    public string Prompt { get; private set; } = "";

    public string Response { get; private set; } = "";

    public MessageStatus Status { get; private set; }

    public string? Model { get; private set; }

    /// <summary>Gemini's finishReason (STOP, MAX_TOKENS) or block reason (SAFETY …), as Google spelled it.</summary>
    public string? FinishReason { get; private set; }

    /// <summary>A stable code for why the answer failed (gemini_unavailable …), for the client and for support.</summary>
    public string? ErrorCode { get; private set; }

    public int? PromptTokens { get; private set; }

    public int? ResponseTokens { get; private set; }

    public DateTime CreatedAt { get; private set; }

    public DateTime? CompletedAt { get; private set; }

    /// <summary>When the current answer was asked for (at the send, or at a regeneration); it bounds how long one may take.</summary>
    public DateTime? AnsweringSince { get; private set; }

    /// <summary>
    /// The answer's last sign of life: its generator writes it, with the text so far, every second while it runs. An
    /// answer in progress whose heartbeat stops is one whose instance vanished.
    /// </summary>
    public DateTime? HeartbeatAt { get; private set; }

    /// <summary>
    /// Set by a stop request. It lives in the database, not in memory, because the request may reach another
    /// instance than the one generating; the generator polls for it.
    /// </summary>
    public DateTime? StopRequestedAt { get; private set; }

    /// <summary>Gemini is still producing this answer, somewhere.</summary>
    public bool IsAnswering => MessageStatuses.IsInProgress(Status);

    /// <summary>
    /// A new prompt after <paramref name="parentId"/>, waiting for its answer (streamed or in one piece). It joins the
    /// current branch: a send extends it, an edit or a regeneration moves it here.
    /// </summary>
    public static Message Ask(long userId, long sessionId, long? parentId, string prompt, string model, bool streamed, DateTime now) => new()
    {
        UserId = userId,
        SessionId = sessionId,
        ParentId = parentId,
        OnCurrentBranch = true,
        Prompt = prompt,
        Status = streamed ? MessageStatus.Streaming : MessageStatus.Pending,
        Model = model,
        CreatedAt = now,
        AnsweringSince = now,
        HeartbeatAt = now,
    };

    /// <summary>A message whose answer is in progress cannot be asked again until it ends or is stopped.</summary>
    public void ThrowIfAnswering()
    {
        if (IsAnswering)
        {
            throw new ProblemException(ProblemKind.Conflict, "answer_in_progress", "This message is still being answered; stop it first.");
        }
    }

    /// <summary>
    /// A finished exchange brought from elsewhere (an export of ours, another assistant's), as the file recorded it. It
    /// joins its session through the session's <see cref="ChatSession.Messages"/> and its parent through
    /// <see cref="Parent"/>, so a new session and its whole tree are stored in one transaction. It counts no usage and Gemini
    /// never sees it until the user continues the conversation. An answer the file caught still in progress can never
    /// finish here: it arrives as the sweep leaves such answers, failed and interrupted, its text kept.
    /// </summary>
    public static Message Imported(long userId, Message? parent, Import.ImportedExchange exchange, bool onCurrentBranch)
    {
        var interrupted = MessageStatuses.IsInProgress(exchange.Status);
        return new Message
        {
            UserId = userId,
            Parent = parent,
            OnCurrentBranch = onCurrentBranch,
            Prompt = exchange.Prompt,
            Response = exchange.Response,
            Status = interrupted ? MessageStatus.Failed : exchange.Status,
            Model = exchange.Model,
            FinishReason = exchange.FinishReason,
            ErrorCode = interrupted ? AbandonedAnswers.ErrorCode : exchange.ErrorCode,
            PromptTokens = exchange.PromptTokens,
            ResponseTokens = exchange.ResponseTokens,
            CreatedAt = exchange.CreatedAt,
            CompletedAt = exchange.CreatedAt,
        };
    }

    /// <summary>A prompt asked after exchanges stored with it, whose ids are not known until they are saved together.</summary>
    internal void Follow(Message parent) => Parent = parent;

    /// <summary>The user moved to another branch; this message stays, off the path they see.</summary>
    public void LeaveBranch() => OnCurrentBranch = false;

    /// <summary>The user moved to a branch through this message.</summary>
    public void JoinBranch() => OnCurrentBranch = true;

    /// <summary>Gemini finished: the whole answer, or as much as the output limit allowed.</summary>
    public void Finish(GeneratedAnswer answer, DateTime now)
    {
        Record(answer, now);
        Status = answer.Truncated ? MessageStatus.Truncated : MessageStatus.Complete;
    }

    /// <summary>The user stopped the answer: the part produced is kept.</summary>
    public void Stop(GeneratedAnswer partial, DateTime now)
    {
        Record(partial, now);
        Status = MessageStatus.Stopped;
    }

    /// <summary>Gemini failed or refused; what arrived before is kept, the prompt always is.</summary>
    public void Fail(string errorCode, bool blocked, string? blockReason, string partialText, DateTime now)
    {
        EnsureAnswering();
        Response = partialText;
        Status = blocked ? MessageStatus.Blocked : MessageStatus.Failed;
        FinishReason = blockReason;
        ErrorCode = errorCode;
        CompletedAt = now;
    }

    /// <summary>
    /// The set-based move for answers whose instance vanished: one UPDATE over many rows, so it is written as setters
    /// rather than a method on one loaded message. The text already produced stays.
    /// </summary>
    public static Action<UpdateSettersBuilder<Message>> Interrupted(string errorCode, DateTime now) => setters => setters
        .SetProperty(message => message.Status, MessageStatus.Failed)
        .SetProperty(message => message.ErrorCode, errorCode)
        .SetProperty(message => message.CompletedAt, now);

    /// <summary>The heartbeat of an answer in progress: the text so far, and the time.</summary>
    public static Action<UpdateSettersBuilder<Message>> Heartbeat(string textSoFar, DateTime now) => setters => setters
        .SetProperty(message => message.Response, textSoFar)
        .SetProperty(message => message.HeartbeatAt, now);

    /// <summary>The set-based stop request, written by whichever instance the user reached.</summary>
    public static Action<UpdateSettersBuilder<Message>> StopRequested(DateTime now)
        => setters => setters.SetProperty(message => message.StopRequestedAt, now);

    private void Record(GeneratedAnswer answer, DateTime now)
    {
        EnsureAnswering();
        Response = answer.Text;
        FinishReason = answer.FinishReason;
        Model = answer.Model ?? Model;
        PromptTokens = answer.PromptTokens;
        ResponseTokens = answer.ResponseTokens;
        CompletedAt = now;
    }

    private void EnsureAnswering()
    {
        if (!IsAnswering)
        {
            throw new InvalidOperationException($"Message {Id} is {Status}: it has no answer in progress to record.");
        }
    }
}
