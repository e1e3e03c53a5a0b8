namespace Chatbot.Core.Operators;

/// <summary>The names <see cref="RegistrationMode"/> values have in the API and in <c>Registration__Mode</c>, and in the database.</summary>
public static class RegistrationModeNames
{
    public static IReadOnlyList<string> All { get; } = Enum.GetValues<RegistrationMode>().Select(Name).ToArray();

    public static string Name(RegistrationMode mode) => mode switch
    {
        RegistrationMode.Open => "open",
        RegistrationMode.Invite => "invite",
        RegistrationMode.Approval => "approval",
        RegistrationMode.Closed => "closed",
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "Not a registration mode."),
    };

    /// <summary>The mode named exactly <paramref name="name"/>; false for anything else, null included.</summary>
    public static bool TryParse(string? name, out RegistrationMode mode)
    {
        mode = Enum.GetValues<RegistrationMode>().FirstOrDefault(candidate => Name(candidate) == name);
        return name is not null && Name(mode) == name;
    }

    public static string Problem => $"Must be one of: {string.Join(", ", All)}.";
}
