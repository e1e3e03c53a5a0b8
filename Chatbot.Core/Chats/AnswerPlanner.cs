using System.Linq.Expressions;
using Chatbot.Core.Attachments;
using Chatbot.Core.Data;
using Chatbot.Core.Errors;
using Chatbot.Core.Gemini;
using Chatbot.Core.Models;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace Chatbot.Core.Chats;

/// <summary>
/// Plans an answer (<see cref="AnswerPlan"/>) so that it fits the model's input: the model decided once (the
/// session's, else the configured one), as much memory as there is room for, and a prompt that cannot fit refused
/// before anything is stored.
/// </summary>
public sealed class AnswerPlanner(
    ChatbotDbContext db, GeminiModels models, ModelCatalogue catalogue, AttachmentParts attachmentParts, IOptions<GeminiOptions> gemini)
{
    /// <summary>When nothing caps an answer's length, this much is held for it while it is in progress.</summary>
    internal const int UncappedAnswerReserve = 2048;

    /// <summary>History fills this share of the model's input, leaving room for error in the estimates.</summary>
    private const double HistoryShareOfLimit = 0.95;

    /// <summary>
    /// Refuses a missing, blank or too long prompt, with the field's error, before anything is read. With
    /// <paramref name="attachments"/> the prompt may be empty (the files say it all), though not only white space.
    /// </summary>
    internal void ValidatePrompt(string? prompt, bool attachments = false)
    {
        var max = gemini.Value.MaxPromptCharacters;
        var problem = prompt switch
        {
            null or "" when attachments => null,
            null or "" => "This field is required.",
            _ when string.IsNullOrWhiteSpace(prompt) => "This field may not be blank.",
            { Length: var length } when length > max => $"Ensure this field has no more than {max} characters.",
            _ => null,
        };
        if (problem is not null)
        {
            throw ProblemException.Validation("prompt", problem);
        }
    }

    /// <summary>
    /// The session's model, system prompt and the turns Gemini is sent: the answered turns of <paramref name="branch"/>
    /// (the messages before the prompt on its branch, never another branch's), newest first
    /// for as long as they fit in the model's input beside the new prompt, then the prompt. An answer costs the
    /// tokens Gemini reported for it; a prompt costs an estimate. Failed and blocked exchanges are left out:
    /// Gemini never saw a usable answer to them.
    /// </summary>
    internal Task<AnswerPlan> PlanAsync(
        ChatSession session, Expression<Func<Message, bool>> branch, string prompt, CancellationToken cancellationToken)
        => PlanAsync(session, branch, prompt, [], cancellationToken);

    /// <summary>The same, with the files sent beside the prompt (each a part of its turn, as are earlier turns' files).</summary>
    internal async Task<AnswerPlan> PlanAsync(
        ChatSession session, Expression<Func<Message, bool>> branch, string prompt, IReadOnlyList<Attachment> attachments,
        CancellationToken cancellationToken)
    {
        var settings = gemini.Value;
        var model = ModelOf(session);
        var limit = await InputTokenLimitAsync(model, cancellationToken);
        var promptCost = await PromptCostAsync(model, session.SystemPrompt ?? settings.SystemInstruction, prompt, limit, cancellationToken)
            + attachments.Sum(AttachmentParts.Tokens);
        var budget = (long)Math.Min(limit * HistoryShareOfLimit, settings.MaxContextTokens ?? int.MaxValue) - promptCost;

        var earlier = await db.Messages.AsNoTracking()
            .Where(message => message.SessionId == session.Id)
            .Where(branch)
            .Where(message => (message.Status == MessageStatus.Complete || message.Status == MessageStatus.Truncated
                    || message.Status == MessageStatus.Stopped)
                && message.Response != "")
            .OrderByDescending(message => message.Id)
            .Select(message => new { message.Id, message.Prompt, message.Response, message.ResponseTokens })
            .Take(ChatRules.MaxHistoryMessages)
            .ToListAsync(cancellationToken);
        var filesOf = await attachmentParts.OfMessagesAsync(earlier.ConvertAll(turn => turn.Id), cancellationToken);
        var kept = earlier.TakeWhile(turn => (budget -= TokenCost.Estimate(turn.Prompt) + TokenCost.PerTurn
            + (turn.ResponseTokens ?? TokenCost.Estimate(turn.Response)) + filesOf[turn.Id].Sum(AttachmentParts.Tokens)) >= 0).ToList();

        // Inline data is spent newest first: the prompt's files, then each earlier turn's, back in time.
        var inline = attachmentParts.NewInlineBudget();
        var promptTurn = await attachmentParts.TurnAsync(prompt, attachments, model, inline, cancellationToken);
        var history = new List<ChatMessage>();
        foreach (var turn in kept)
        {
            history.Add(new ChatMessage(ChatRole.Assistant, turn.Response));
            history.Add(await attachmentParts.TurnAsync(turn.Prompt, [.. filesOf[turn.Id]], model, inline, cancellationToken));
        }

        history.Reverse();
        var plan = new AnswerPlan(model, session.SystemPrompt, history, promptTurn, NamesTheSession: session.Title is null && history.Count == 0)
        {
            Attachments = AttachmentSummaries.Of(attachments),
            PromptText = prompt,
        };
        // The most an answer may cost: its input (text, and each image or PDF page as Gemini bills it), plus the
        // longest answer it may get (Gemini__MaxOutputTokens, else a fixed reserve).
        var files = attachments.Concat(kept.SelectMany(turn => filesOf[turn.Id])).Where(AttachmentParts.IsSentAsData).Sum(AttachmentParts.Tokens);
        var input = TokenCost.Estimate(plan.Instructions) + files
            + plan.Messages().Sum(message => TokenCost.Estimate(message.Text) + TokenCost.PerTurn);
        return plan with { InputTokens = input, ReservedTokens = input + (settings.MaxOutputTokens ?? UncappedAnswerReserve) };
    }

    /// <summary>The model a session's answers come from: its own, else the configured default.</summary>
    internal string ModelOf(ChatSession session) => session.Model ?? catalogue.Default;

    /// <summary>
    /// Plans an answer to turns the caller sent whole (<c>/v1/chat/completions</c>): its history and prompt as given,
    /// with its own generation settings, in a session of its own. Nothing is trimmed: input the model cannot take is
    /// refused before it is stored. Each image counts as <see cref="TokensPerImage"/>. Uploads sent with the prompt
    /// (<paramref name="attachments"/>) are parts of it, before its own, as they are on the chat API.
    /// </summary>
    internal async Task<AnswerPlan> PlanTurnsAsync(
        string model, string? instructions, IReadOnlyList<ChatMessage> history, ChatMessage prompt, IReadOnlyList<Attachment> attachments,
        ChatOptions generation, bool store, CancellationToken cancellationToken)
    {
        // The caller's turns as sent: each image of theirs counts as one; the uploads count as they do on the chat API.
        var input = TokenCost.Estimate(instructions) + attachments.Sum(AttachmentParts.Tokens)
            + history.Append(prompt).Sum(message => TokenCost.Estimate(message.Text) + TokenCost.PerTurn
                + (message.Contents.Count(content => content is DataContent) * TokensPerImage));
        var written = prompt.Text;
        if (attachments.Count > 0)
        {
            var files = await attachmentParts.TurnAsync("", attachments, model, attachmentParts.NewInlineBudget(), cancellationToken);
            prompt = new ChatMessage(ChatRole.User, [.. files.Contents, .. prompt.Contents]);
        }

        var plan = new AnswerPlan(model, instructions, history, prompt, NamesTheSession: store)
        {
            Generation = generation,
            DiscardsSession = !store,
            Attachments = AttachmentSummaries.Of(attachments),
            PromptText = attachments.Count > 0 ? written : null,
        };
        var limit = await InputTokenLimitAsync(model, cancellationToken);
        if (input > limit)
        {
            throw new ProblemException(ProblemKind.PayloadTooLarge, "prompt_too_large",
                $"These messages are about {input} tokens; {model} accepts at most {limit}.")
            {
                Extensions = new Dictionary<string, object> { ["prompt_tokens"] = input, ["input_token_limit"] = limit },
            };
        }

        var longest = generation.MaxOutputTokens ?? gemini.Value.MaxOutputTokens ?? UncappedAnswerReserve;
        return plan with { InputTokens = input, ReservedTokens = input + longest };
    }

    /// <summary>What Gemini counts for an image of up to 384 pixels a side; a larger one is tiled, and may cost a few times this.</summary>
    internal const int TokensPerImage = 258;

    /// <summary>A Gemini model's limit as configured or as Gemini tells it; another provider's as configured, else a safe one.</summary>
    private async Task<int> InputTokenLimitAsync(string model, CancellationToken cancellationToken)
        => catalogue.IsGemini(model)
            ? await models.InputTokenLimitAsync(model, cancellationToken)
            : catalogue.Find(model)?.InputTokenLimit ?? ModelCatalogue.FallbackInputTokenLimit;

    /// <summary>
    /// The prompt's cost with the system prompt: estimated when it surely fits, counted by Gemini when it might not.
    /// One that does not fit is refused before it is stored, since Gemini would only refuse it afterwards.
    /// </summary>
    private async Task<int> PromptCostAsync(string model, string? instructions, string prompt, int limit, CancellationToken cancellationToken)
    {
        var estimate = TokenCost.Estimate(instructions) + TokenCost.Estimate(prompt) + TokenCost.PerTurn;
        if (TokenCost.AtMost(instructions) + TokenCost.AtMost(prompt) + TokenCost.PerTurn <= limit)
        {
            return estimate;
        }

        // Only Gemini counts tokens for us; another provider's prompt is judged by the estimate.
        var cost = (catalogue.IsGemini(model) ? await models.CountTokensAsync(model, instructions, prompt, cancellationToken) : null) ?? estimate;
        if (cost > limit)
        {
            throw new ProblemException(ProblemKind.PayloadTooLarge, "prompt_too_large",
                $"This prompt is about {cost} tokens with the system prompt; {model} accepts at most {limit}. Shorten it or split it up.")
            {
                Extensions = new Dictionary<string, object> { ["prompt_tokens"] = cost, ["input_token_limit"] = limit },
            };
        }

        return cost;
    }
}
