namespace Chatbot.Core.Operators;

/// <summary>
/// A setting an admin changes at run time (such as <c>registration_mode</c>), stored in the database so that every
/// instance reads the same value. A setting with no row has its configured initial value.
/// </summary>
public sealed class DeploymentSetting
{
    public required string Key { get; set; }

    public required string Value { get; set; }

    public DateTime UpdatedAt { get; set; }
}
