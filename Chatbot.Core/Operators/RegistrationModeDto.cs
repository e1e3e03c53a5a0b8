namespace Chatbot.Core.Operators;

/// <summary>What <c>GET /registration/</c> tells anyone, so a sign-up page can show the right form.</summary>
public sealed record RegistrationModeDto(string RegistrationMode);
