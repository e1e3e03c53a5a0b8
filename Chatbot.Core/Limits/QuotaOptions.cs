namespace Chatbot.Core.Limits;

/// <summary>Setting <c>Quota:DailyTokens</c>: tokens a user may spend per UTC day; 0 (the default) means no quota.</summary>
public sealed class QuotaOptions
{
    public const string SectionName = "Quota";

    public long DailyTokens { get; set; }
}
