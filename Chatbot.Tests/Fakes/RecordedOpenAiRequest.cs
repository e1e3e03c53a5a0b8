namespace Chatbot.Tests.Fakes;

/// <summary>One Chat Completions call the fake OpenAI received, as the tests want to assert on it.</summary>
/// <param name="Path">The request's path: <c>/v1/chat/completions</c>, or Azure's <c>/openai/deployments/{name}/chat/completions</c>.</param>
/// <param name="Query">The query string, with Azure's <c>api-version</c>.</param>
/// <param name="Model">The body's <c>model</c> (OpenAI), or the deployment in the path (Azure).</param>
/// <param name="ApiKey">The key sent, from <c>Authorization: Bearer</c> or Azure's <c>api-key</c>.</param>
/// <param name="Stream">Whether the call asked for Server-Sent Events.</param>
/// <param name="IncludeUsage">Whether it asked for a usage chunk (<c>stream_options.include_usage</c>).</param>
/// <param name="Messages">Each message's role and text (a content array's text parts joined).</param>
/// <param name="Body">The JSON body as sent.</param>
public sealed record RecordedOpenAiRequest(
    string Path,
    string Query,
    string Model,
    string? ApiKey,
    bool Stream,
    bool IncludeUsage,
    IReadOnlyList<(string Role, string Text)> Messages,
    string Body)
{
    public string LastUserText => Messages.LastOrDefault(message => message.Role == "user").Text ?? "";

    /// <summary>The system (or developer) message, if any.</summary>
    public string? Instructions => Messages.Where(message => message.Role is "system" or "developer").Select(message => message.Text).FirstOrDefault();
}
