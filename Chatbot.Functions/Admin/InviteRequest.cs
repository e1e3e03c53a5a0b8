namespace Chatbot.Functions.Admin;

/// <summary>The body of <c>POST /admin/invites/</c>; each field left out takes its default (1 use, 7 days).</summary>
internal sealed record InviteRequest
{
    public int? Uses { get; init; }

    public int? ExpiresInDays { get; init; }
}
