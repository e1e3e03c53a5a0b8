namespace Chatbot.Functions.Admin;

/// <summary>The body of <c>PATCH /admin/settings/</c>: each setting sent is changed, one left out (or null) is kept.</summary>
internal sealed record SettingsPatchRequest
{
    public string? RegistrationMode { get; init; }
}
