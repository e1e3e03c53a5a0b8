using Chatbot.Core.Attachments;
using Chatbot.Core.Data;
using Chatbot.Core.Errors;
using Chatbot.Core.Models;
using Microsoft.EntityFrameworkCore;

namespace Chatbot.Core.Chats;

/// <summary>A user's chat sessions. Every query is scoped to the owner: another user's session is simply not found.</summary>
public sealed class ChatSessionService(ChatbotDbContext db, ModelCatalogue catalogue, AttachmentCleanup attachments, TimeProvider time)
{
    /// <summary>
    /// The first page, the list every client asks for most: compiled once, so a request skips EF's translation-cache
    /// lookup of the LINQ tree.
    /// </summary>
    private static readonly CompiledPerModel<Func<ChatbotDbContext, long, int, IAsyncEnumerable<ChatSessionDto>>> NewestFirst = new(
        () => EF.CompileAsyncQuery((ChatbotDbContext db, long userId, int take) => db.ChatSessions.AsNoTracking().Kept()
            .Where(session => session.UserId == userId)
            .OrderByDescending(session => session.UpdatedAt).ThenByDescending(session => session.Id)
            .Take(take)
            .Select(ChatSessionDto.Projection)));

    /// <summary>
    /// A page of the user's sessions, most recently active first. A cursor is a session id; the page continues
    /// from that session's place in the order (its activity time, then its id), along the (user, updated_at, id) index.
    /// </summary>
    public async Task<Page<ChatSessionDto>> ListAsync(long userId, PageRequest page, CancellationToken cancellationToken)
    {
        var sessions = db.ChatSessions.AsNoTracking().Kept().Where(session => session.UserId == userId);
        var cursorId = page.Before ?? page.After;
        if (cursorId is null)
        {
            var first = await NewestFirst.For(db)(db, userId, Paging.RowsToRead(page.Limit)).ToListAsync(cancellationToken);
            return Paging.Forward(first, page.Limit, hasPrevious: false);
        }

        var cursor = await sessions.Where(session => session.Id == cursorId)
            .Select(session => new { session.UpdatedAt, session.Id })
            .SingleOrDefaultAsync(cancellationToken)
            ?? throw ProblemException.Validation(page.Before is null ? "after" : "before", "No such session of yours.");

        if (page.After is not null)
        {
            return await Newest(sessions.Where(session => session.UpdatedAt < cursor.UpdatedAt
                    || (session.UpdatedAt == cursor.UpdatedAt && session.Id < cursor.Id)))
                .Select(ChatSessionDto.Projection).ToPageAsync(page.Limit, hasPrevious: true, cancellationToken);
        }

        return await sessions.Where(session => session.UpdatedAt > cursor.UpdatedAt
                || (session.UpdatedAt == cursor.UpdatedAt && session.Id > cursor.Id))
            .OrderBy(session => session.UpdatedAt).ThenBy(session => session.Id)
            .Select(ChatSessionDto.Projection).ToPageBackwardAsync(page.Limit, cancellationToken);
    }

    public async Task<ChatSessionDto> CreateAsync(long userId, SessionSettings settings, CancellationToken cancellationToken)
    {
        Validate(settings);
        var now = time.GetDatabaseNow();
        var session = new ChatSession
        {
            UserId = userId,
            Title = settings.Title,
            SystemPrompt = settings.SystemPrompt,
            Model = settings.Model,
            StartedAt = now,
            UpdatedAt = now,
        };
        db.ChatSessions.Add(session);
        await db.SaveChangesAsync(cancellationToken);
        return ChatSessionDto.From(session);
    }

    public async Task<ChatSessionDto> GetAsync(long userId, long sessionId, CancellationToken cancellationToken)
        => await db.ChatSessions.AsNoTracking()
            .OwnedBy(userId, sessionId)
            .Select(ChatSessionDto.Projection)
            .SingleOrNotFoundAsync(cancellationToken);

    /// <summary>PUT: every writable field is replaced by what was sent (absent means none).</summary>
    public Task<ChatSessionDto> UpdateAsync(long userId, long sessionId, SessionSettings settings, CancellationToken cancellationToken)
        => PatchAsync(userId, sessionId, new SessionPatch(new(settings.Title), new(settings.SystemPrompt), new(settings.Model)), cancellationToken);

    /// <summary>PATCH: only the fields sent change.</summary>
    public async Task<ChatSessionDto> PatchAsync(long userId, long sessionId, SessionPatch patch, CancellationToken cancellationToken)
    {
        Validate(new SessionSettings(patch.Title?.Value, patch.SystemPrompt?.Value, patch.Model?.Value));
        var session = await db.ChatSessions.OwnedBy(userId, sessionId).SingleOrNotFoundAsync(cancellationToken);
        session.Title = patch.Title is { } title ? title.Value : session.Title;
        session.SystemPrompt = patch.SystemPrompt is { } systemPrompt ? systemPrompt.Value : session.SystemPrompt;
        session.Model = patch.Model is { } model ? model.Value : session.Model;
        await db.SaveChangesAsync(cancellationToken);
        return ChatSessionDto.From(session);
    }

    /// <summary>Deletes the session; its messages go with it (cascade), and their files that no other message refers to.</summary>
    public async Task DeleteAsync(long userId, long sessionId, CancellationToken cancellationToken)
    {
        var files = await attachments.OfSessionAsync(sessionId, cancellationToken);
        var deleted = await db.ChatSessions.OwnedBy(userId, sessionId).ExecuteDeleteAsync(cancellationToken);
        if (deleted == 0)
        {
            throw ChatSessionQueries.SessionNotFound();
        }

        await attachments.DeleteUnreferencedAsync(files, CancellationToken.None);
    }

    private static IQueryable<ChatSession> Newest(IQueryable<ChatSession> sessions)
        => sessions.OrderByDescending(session => session.UpdatedAt).ThenByDescending(session => session.Id);

    private void Validate(SessionSettings settings)
    {
        var errors = new Dictionary<string, string[]>();
        if (ChatRules.TitleProblem(settings.Title) is { } title)
        {
            errors["title"] = [title];
        }

        if (ChatRules.SystemPromptProblem(settings.SystemPrompt) is { } systemPrompt)
        {
            errors["system_prompt"] = [systemPrompt];
        }

        var models = catalogue.Ids;
        if (settings.Model is { } model && !models.Contains(model))
        {
            errors["model"] = [$"\"{model}\" is not an allowed model; choose one of: {string.Join(", ", models.Order(StringComparer.Ordinal))}."];
        }

        if (errors.Count > 0)
        {
            throw ProblemException.Validation(errors);
        }
    }
}
