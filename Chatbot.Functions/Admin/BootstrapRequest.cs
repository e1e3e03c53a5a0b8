namespace Chatbot.Functions.Admin;

/// <summary>The body of <c>POST /admin/bootstrap/</c>.</summary>
internal sealed record BootstrapRequest
{
    public string? Token { get; init; }
}
