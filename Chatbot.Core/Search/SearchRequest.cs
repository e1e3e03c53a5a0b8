using Chatbot.Core.Chats;
using Chatbot.Core.Errors;

namespace Chatbot.Core.Search;

/// <summary>
/// A search and which page of its hits: <see cref="Limit"/> hits after skipping <see cref="Offset"/>. Hits are ranked,
/// not ordered by id, so the cursor is a position in the ranking; the limit follows the other lists' rules.
/// <see cref="Q"/> is the query as the user wrote it, for the links to the neighbouring pages.
/// </summary>
public sealed record SearchRequest(string Q, SearchQuery Query, int Limit, int Offset)
{
    /// <summary>Deep enough for any person paging through results; past it a ranked page is no use to anyone.</summary>
    public const int MaxOffset = 1_000_000;

    /// <summary><c>?q=&amp;limit=&amp;offset=</c>; every bad value is named in one 400.</summary>
    public static SearchRequest Parse(string? q, string? limit, string? offset)
    {
        var errors = new Dictionary<string, string[]>();
        if (!SearchQuery.TryParse(q, out var query, out var problem))
        {
            errors["q"] = [problem];
        }

        var size = limit is null ? PageRequest.MaxLimit : PageRequest.ParseNumber(limit, "limit", errors, 1, PageRequest.MaxLimit);
        var skip = offset is null ? 0 : PageRequest.ParseNumber(offset, "offset", errors, 0, MaxOffset);
        return errors.Count > 0 || query is null
            ? throw ProblemException.Validation(errors)
            : new SearchRequest(q!, query, (int)size, (int)skip);
    }
}
