namespace Chatbot.Core.Operators;

/// <summary>Setting <c>Admin__BootstrapToken</c>: what claims the first admin over HTTP (<see cref="AdminBootstrap"/>).</summary>
public sealed class AdminBootstrapOptions
{
    public const string SectionName = "Admin";

    /// <summary>Unset or blank turns <c>POST /admin/bootstrap/</c> off (404).</summary>
    public string? BootstrapToken { get; set; }
}
