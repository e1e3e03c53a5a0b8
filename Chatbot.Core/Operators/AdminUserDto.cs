namespace Chatbot.Core.Operators;

/// <summary>A user as the admin's list shows it: the account, its role, status and quota, and what it spent today.</summary>
public sealed record AdminUserDto(
    long Id,
    string Username,
    string Email,
    string Role,
    string Status,
    DateTime DateJoined,
    DateTime? LastLogin,
    long? DailyTokenQuota,
    UsageSummary UsageToday);

/// <summary>One user as <c>GET /admin/users/{id}/</c> shows it: the list's fields, this month's spending and how many sessions.</summary>
public sealed record AdminUserDetailDto(
    long Id,
    string Username,
    string Email,
    string Role,
    string Status,
    DateTime DateJoined,
    DateTime? LastLogin,
    long? DailyTokenQuota,
    UsageSummary UsageToday,
    UsageSummary UsageThisMonth,
    int SessionCount);

/// <summary>Tokens spent (prompt plus answer) and answers given in a period; <c>messages</c> does not count titles.</summary>
public sealed record UsageSummary(long TotalTokens, int Messages)
{
    public static readonly UsageSummary None = new(0, 0);
}
