namespace Chatbot.Core.Limits;

/// <summary>
/// One registration attempted from one client address, whether or not it made an account (<see cref="RegisteredAt"/>
/// is when it was attempted); kept for an hour, what <see cref="RegistrationLimit"/> counts.
/// </summary>
public sealed class AddressRegistration
{
    public long Id { get; set; }

    public required string ClientAddress { get; set; }

    public DateTime RegisteredAt { get; set; }
}
