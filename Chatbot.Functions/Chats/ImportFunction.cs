using Chatbot.Core.Errors;
using Chatbot.Core.Import;
using Chatbot.Functions.Http;
using Chatbot.Functions.Middleware;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Chatbot.Functions.Chats;

/// <summary>
/// <c>POST /chatsessions/import/</c>: our own export or ChatGPT's <c>conversations.json</c> becomes new sessions,
/// all or none. The body may be up to 10 MiB (every other route keeps its own smaller limit).
/// </summary>
public sealed class ImportFunction(ConversationImporter importer)
{
    [Function("ImportSessions")]
    public async Task<IResult> Import(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "chatsessions/import")] HttpRequest request,
        FunctionContext context,
        CancellationToken cancellationToken)
    {
        using var file = await JsonBodyReader.ReadDocumentAsync(request, RequestLimits.Import, cancellationToken)
            ?? throw new ProblemException(ProblemKind.BadRequest, "invalid_body", "The request body is empty: send the file to import.");
        var sessions = await importer.ImportAsync(context.GetUser().Id, file.RootElement, cancellationToken);
        return ApiResults.Created(sessions, ApiJsonContext.Default.IReadOnlyListChatSessionDto);
    }
}
