namespace Chatbot.Core.Limits;

/// <summary>One account created from one client address; kept for an hour, what <see cref="RegistrationLimit"/> counts.</summary>
public sealed class AddressRegistration
{
    public long Id { get; set; }

    public required string ClientAddress { get; set; }

    public DateTime RegisteredAt { get; set; }
}
