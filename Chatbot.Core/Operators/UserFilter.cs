using Chatbot.Core.Auth;
using Chatbot.Core.Errors;

namespace Chatbot.Core.Operators;

/// <summary>
/// Which users the admin's list shows: <see cref="Q"/> found in the username or the email (any case), and a role and
/// a status when given. Null means "any".
/// </summary>
public sealed record UserFilter(string? Q, UserRole? Role, AccountStatus? Status)
{
    /// <summary>No username or email is longer (the email's limit), so a longer <c>q</c> can match nothing.</summary>
    public const int MaxQueryLength = AccountRules.MaxEmailLength;

    /// <summary><c>?q=&amp;role=&amp;status=</c>; every bad value is named in one 400.</summary>
    public static UserFilter Parse(string? q, string? role, string? status)
    {
        var errors = new Dictionary<string, string[]>();
        if (q is { Length: > MaxQueryLength })
        {
            errors["q"] = [$"Ensure this value has at most {MaxQueryLength} characters."];
        }

        UserRole? parsedRole = null;
        if (role is not null)
        {
            parsedRole = AccountNames.TryParseRole(role, out var found) ? found : null;
            if (parsedRole is null)
            {
                errors["role"] = [AccountNames.RoleProblem];
            }
        }

        AccountStatus? parsedStatus = null;
        if (status is not null)
        {
            parsedStatus = AccountNames.TryParseStatus(status, out var found) ? found : null;
            if (parsedStatus is null)
            {
                errors["status"] = [AccountNames.StatusProblem];
            }
        }

        return errors.Count > 0
            ? throw ProblemException.Validation(errors)
            : new UserFilter(string.IsNullOrWhiteSpace(q) ? null : q.Trim(), parsedRole, parsedStatus);
    }
}
