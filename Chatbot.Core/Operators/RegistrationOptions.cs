namespace Chatbot.Core.Operators;

/// <summary>Settings <c>Registration__*</c>: who may sign up until an admin decides otherwise (<see cref="RegistrationSettings"/>).</summary>
public sealed class RegistrationOptions
{
    public const string SectionName = "Registration";

    /// <summary>The initial <c>registration_mode</c>: <c>open</c>, <c>invite</c>, <c>approval</c> or <c>closed</c>.</summary>
    public string Mode { get; set; } = RegistrationModeNames.Name(RegistrationMode.Open);
}
