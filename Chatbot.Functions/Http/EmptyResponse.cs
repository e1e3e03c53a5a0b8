namespace Chatbot.Functions.Http;

/// <summary>Serializes as <c>{}</c>: what SimpleJWT's verify answers on success.</summary>
internal sealed record EmptyResponse
{
    public static readonly EmptyResponse Instance = new();
}
