using Chatbot.Core.ApiKeys;
using Chatbot.Core.Attachments;
using Chatbot.Core.Chats;
using Chatbot.Core.Errors;
using Chatbot.Core.Models;
using Microsoft.Extensions.AI;

namespace Chatbot.Core.Completions;

/// <summary>
/// <c>/v1/</c>: OpenAI's Chat Completions served by the chat's own answer pipeline. A completion is planned from the
/// caller's turns and asked through <see cref="AnswerStarter"/> like any prompt (admitted by the same limits and
/// quota, the key's too, counted in the ledger as <c>api</c>, answered by <see cref="AnswerRunner"/>, so stop, the
/// heartbeat and the sweep hold for it); only with <c>store</c> does its session stay in the user's history.
/// </summary>
public sealed class ChatCompletions(
    AnswerPlanner planner, AnswerStarter starter, ModelCatalogue catalogue, ApiKeyCaller caller, AttachmentParts attachmentParts)
{
    /// <summary>The models this caller may use: the app's, narrowed to the key's list when a key is used.</summary>
    public IReadOnlyList<ModelDescriptor> Models() => [.. catalogue.All.Where(model => caller.Grant?.AllowsModel(model.Id) ?? true)];

    public async Task<AnswerRun> StartAsync(long userId, CompletionRequest request, CancellationToken cancellationToken)
    {
        if (!catalogue.Contains(request.Model))
        {
            throw new ProblemException(ProblemKind.NotFound, "model_not_found", $"The model \"{request.Model}\" does not exist.")
            {
                Errors = new Dictionary<string, string[]> { ["model"] = ["Unknown model."] },
            };
        }

        caller.EnsureModelAllowed(request.Model);
        if (catalogue.Find(request.Model) is { Vision: false } && request.History.Append(request.Prompt).Any(turn => turn.Contents.Any(content => content is DataContent)))
        {
            throw ProblemException.Validation("messages", $"The model \"{request.Model}\" does not read images.");
        }

        var attachments = await attachmentParts.ForPromptAsync(userId, request.AttachmentIds, request.Model, cancellationToken);
        var plan = await planner.PlanTurnsAsync(
            request.Model, request.Instructions, request.History, request.Prompt, attachments, request.Generation, request.Store, cancellationToken);
        return await starter.AskPlannedAsync(userId, plan, request.Stream, cancellationToken);
    }
}
