namespace Chatbot.Core.Usage;

/// <summary>What a user has spent, in Gemini's tokens (prompt plus answer), per UTC day and month.</summary>
public sealed record UsageDto(UsagePeriod Today, UsagePeriod ThisMonth, long? DailyTokenQuota);

public sealed record UsagePeriod(DateTime Since, long PromptTokens, long ResponseTokens, long TotalTokens, int Messages);
