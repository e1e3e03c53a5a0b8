namespace Chatbot.Core.Limits;

/// <summary>
/// Settings <c>Limits__*</c>: the abuse limits a public, pay-per-use deployment needs, on by default. Every limit is
/// kept in the database, so it holds across instances; <see cref="Enabled"/> false turns them all off (the benchmark).
/// </summary>
public sealed class LimitsOptions
{
    public const string SectionName = "Limits";

    public bool Enabled { get; set; } = true;

    /// <summary>Failed logins for one username from one client address, within <see cref="LoginWindow"/>, before that pair is refused.</summary>
    public int LoginFailuresPerUser { get; set; } = 5;

    /// <summary>Failed logins from one client address across any usernames, within <see cref="LoginWindow"/>, before the address is refused.</summary>
    public int LoginFailuresPerAddress { get; set; } = 50;

    public TimeSpan LoginWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Registrations one client address may attempt in any hour, those refused (a taken name, a bad field) included.</summary>
    public int RegistrationsPerAddressPerHour { get; set; } = 10;

    /// <summary>Prompts a user may send (or regenerate) per minute.</summary>
    public int MessagesPerMinute { get; set; } = 20;

    /// <summary>Answers a user may have in progress at once, streamed or not.</summary>
    public int AnswersInProgress { get; set; } = 3;

    /// <summary>Searches a user may make in any minute (each page of results is one).</summary>
    public int SearchesPerUserPerMinute { get; set; } = 30;
}
