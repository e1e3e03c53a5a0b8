namespace Chatbot.Core.Operators;

/// <summary>The settings an admin changes at run time, as <c>/admin/settings/</c> shows them.</summary>
public sealed record DeploymentSettingsDto(string RegistrationMode);
