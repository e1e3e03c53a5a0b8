namespace Chatbot.Core.Models;

/// <summary>
/// One model a session may use, whichever provider serves it: what <c>/models/</c>, the page's picker, <c>/v1/models</c>
/// and the API keys' model lists all show.
/// </summary>
/// <param name="Id">The name a session, a key or a <c>/v1/</c> call uses.</param>
/// <param name="Name">The name shown to people.</param>
/// <param name="Provider">The provider's name: <c>Gemini</c>, or another one configured under <c>Models:</c>.</param>
/// <param name="Vision">Whether it reads images; a model that does not refuses attachments other than text.</param>
/// <param name="InputTokenLimit">The configured input limit; null means ask the provider, or assume a safe one.</param>
public sealed record ModelDescriptor(string Id, string Name, string Provider, bool Vision, int? InputTokenLimit);
