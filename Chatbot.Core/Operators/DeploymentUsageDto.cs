namespace Chatbot.Core.Operators;

/// <summary>
/// The whole deployment's spending over the last days (<c>GET /admin/usage/</c>): the period's totals, each UTC day
/// oldest first (days without spending included, at 0), and the users who spent most.
/// </summary>
public sealed record DeploymentUsageDto(
    DateTime Since, long TotalTokens, int Messages, IReadOnlyList<DayUsageDto> PerDay, IReadOnlyList<TopUserDto> TopUsers);

public sealed record DayUsageDto(DateOnly Day, long PromptTokens, long ResponseTokens, long TotalTokens, int Messages);

public sealed record TopUserDto(long Id, string Username, long TotalTokens, int Messages);
