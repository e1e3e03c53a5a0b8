using Chatbot.Core.Chats;
using Chatbot.Core.Errors;

namespace Chatbot.Core.Operators;

/// <summary>
/// Which audit lines to show: one <see cref="Action"/> (a name from <see cref="AuditActions"/>), and the lines whose
/// actor or target user is <see cref="UserId"/>. Null means "any".
/// </summary>
public sealed record AuditFilter(string? Action, long? UserId)
{
    /// <summary><c>?action=&amp;user=</c>; every bad value is named in one 400.</summary>
    public static AuditFilter Parse(string? action, string? user)
    {
        var errors = new Dictionary<string, string[]>();
        if (action is not null && !AuditActions.All.Contains(action))
        {
            errors["action"] = [$"Must be one of: {string.Join(", ", AuditActions.All.Order(StringComparer.Ordinal))}."];
        }

        long? userId = user is null ? null : PageRequest.ParseNumber(user, "user", errors, 1, long.MaxValue);
        return errors.Count > 0 ? throw ProblemException.Validation(errors) : new AuditFilter(action, userId);
    }
}
