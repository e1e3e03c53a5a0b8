using Chatbot.Core.Chats;
using Chatbot.Core.Data;
using Chatbot.Core.Gemini;
using Chatbot.Core.Models;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace Chatbot.Core.Attachments;

/// <summary>
/// Attachments as the model reads them, each a part of its turn before the turn's text: a text file as text under its
/// name; an image or a PDF as data sent inline while the request stays under <c>Attachments__InlineRequestBytes</c>,
/// beyond that as a file of Gemini's Files API, uploaded once and remembered until it expires.
/// </summary>
public sealed class AttachmentParts(
    ChatbotDbContext db, IAttachmentStore store, GeminiFiles files, ModelCatalogue catalogue, IOptions<AttachmentOptions> options, TimeProvider time)
{
    /// <summary>What Gemini bills for an image (up to 384×384 px), and about what it bills for a PDF page.</summary>
    internal const int TokensPerImageOrPage = AnswerPlanner.TokensPerImage;

    /// <summary>A PDF's pages are not counted here; a page of a typical PDF is about this many bytes.</summary>
    private const long BytesPerPdfPage = 50_000;

    /// <summary>
    /// The caller's attachments for a new prompt, in the order given: at most <c>Attachments__MaxPerMessage</c>, each
    /// the caller's (another user's is not found), images and PDFs only for a model that sees.
    /// </summary>
    internal async Task<IReadOnlyList<Attachment>> ForPromptAsync(long userId, IReadOnlyList<long>? ids, string model, CancellationToken cancellationToken)
    {
        if (ids is null || ids.Count == 0)
        {
            return [];
        }

        var max = options.Value.MaxPerMessage;
        if (ids.Count > max)
        {
            throw AttachmentProblems.TooMany(max);
        }

        var distinct = ids.Distinct().ToList();
        var found = await db.Attachments.AsNoTracking()
            .Where(attachment => attachment.UserId == userId && distinct.Contains(attachment.Id))
            .ToDictionaryAsync(attachment => attachment.Id, cancellationToken);
        if (found.Count != distinct.Count)
        {
            throw AttachmentProblems.NotFound();
        }

        if (found.Values.FirstOrDefault(attachment => !attachment.Available) is { } unavailable)
        {
            throw AttachmentProblems.CannotSendUnavailable(unavailable.Name);
        }

        if (found.Values.Any(attachment => attachment.IsImageOrPdf) && catalogue.Find(model) is { Vision: false })
        {
            throw AttachmentProblems.NotSupportedByModel(model);
        }

        return distinct.Select(id => found[id]).ToList();
    }

    /// <summary>The attachments of earlier messages, by message, each message's in its order.</summary>
    internal async Task<ILookup<long, Attachment>> OfMessagesAsync(IReadOnlyCollection<long> messageIds, CancellationToken cancellationToken)
    {
        var links = messageIds.Count == 0 ? [] : await db.MessageAttachments.AsNoTracking()
            .Where(link => messageIds.Contains(link.MessageId))
            .OrderBy(link => link.MessageId).ThenBy(link => link.Position)
            .Select(link => new { link.MessageId, link.Attachment })
            .ToListAsync(cancellationToken);
        return links.ToLookup(link => link.MessageId, link => link.Attachment);
    }

    /// <summary>The tokens an attachment is expected to cost in the model's input.</summary>
    internal static int Tokens(Attachment attachment) => attachment switch
    {
        { Available: false } => TokenCost.Estimate(UnavailableNote(attachment)) + TokenCost.PerTurn,
        _ => Tokens(attachment.ContentType, attachment.Size),
    };

    /// <summary>Whether the model reads it as data, billed per image or page: an available image or PDF.</summary>
    internal static bool IsSentAsData(Attachment attachment) => attachment.Available && attachment.IsImageOrPdf;

    private static int Tokens(string contentType, long size) => contentType switch
    {
        AttachmentTypes.Text => (int)Math.Min(int.MaxValue / 2, (size + 2) / 3) + TokenCost.PerTurn,
        AttachmentTypes.Pdf => TokensPerImageOrPage * (int)Math.Max(1, (size + BytesPerPdfPage - 1) / BytesPerPdfPage),
        _ => TokensPerImageOrPage,
    };

    /// <summary>The bytes of the request still free for inline data.</summary>
    internal InlineBudget NewInlineBudget() => new(options.Value.InlineRequestBytes);

    /// <summary>A user turn: its files first (as Google's examples put them), then its text.</summary>
    internal async Task<ChatMessage> TurnAsync(
        string text, IReadOnlyList<Attachment> attachments, string model, InlineBudget budget, CancellationToken cancellationToken)
    {
        budget.TryTake(text.Length);
        if (attachments.Count == 0)
        {
            return new ChatMessage(ChatRole.User, text);
        }

        var contents = new List<AIContent>();
        foreach (var attachment in attachments)
        {
            contents.Add(await ContentAsync(attachment, model, budget, cancellationToken));
        }

        if (text.Length > 0)
        {
            contents.Add(new TextContent(text));
        }

        return new ChatMessage(ChatRole.User, contents);
    }

    /// <summary>
    /// What the model reads in place of a file an import listed without its bytes, so an imported turn is still
    /// understood (and regenerating it still works) with the file named, not silently missing.
    /// </summary>
    private static string UnavailableNote(Attachment attachment)
        => $"File {attachment.Name} ({attachment.ContentType}, {attachment.Size} bytes) was attached here; its contents are not available.";

    private async Task<AIContent> ContentAsync(Attachment attachment, string model, InlineBudget budget, CancellationToken cancellationToken)
    {
        if (attachment.StoreKey is not { } key)
        {
            return new TextContent(UnavailableNote(attachment));
        }

        if (attachment.ContentType == AttachmentTypes.Text)
        {
            var bytes = await ReadAsync(key, attachment.Size, cancellationToken);
            budget.TryTake(bytes.Length);
            return new TextContent($"File {attachment.Name}:\n{System.Text.Encoding.UTF8.GetString(bytes)}");
        }

        var gemini = catalogue.IsGemini(model);
        var now = time.GetUtcNow().UtcDateTime;
        if (gemini && attachment.GeminiFileUsableAt(now) is { } remembered)
        {
            return new UriContent(new Uri(remembered), attachment.ContentType);
        }

        // Base64 makes every three bytes four. Another provider has no Files API: its files always go inline.
        if (!gemini || budget.TryTake((attachment.Size + 2) / 3 * 4))
        {
            return new DataContent(await ReadAsync(key, attachment.Size, cancellationToken), attachment.ContentType);
        }

        await using var content = await store.OpenReadAsync(key, cancellationToken);
        var (uri, expiresAt) = await files.UploadAsync(content, attachment.Size, attachment.ContentType, attachment.Name, cancellationToken);
        await db.Attachments.Where(stored => stored.Id == attachment.Id)
            .ExecuteUpdateAsync(Attachment.GeminiFileRemembered(uri, Timestamps.Truncate(expiresAt)), cancellationToken);
        return new UriContent(new Uri(uri), attachment.ContentType);
    }

    private async Task<byte[]> ReadAsync(string key, long size, CancellationToken cancellationToken)
    {
        await using var content = await store.OpenReadAsync(key, cancellationToken);
        var bytes = new byte[size];
        await content.ReadExactlyAsync(bytes, cancellationToken);
        return bytes;
    }
}

/// <summary>What is left of a request's size for inline data, spent as the turns are built.</summary>
internal sealed class InlineBudget(long bytes)
{
    public long Remaining { get; private set; } = bytes;

    public bool TryTake(long size)
    {
        if (size > Remaining)
        {
            return false;
        }

        Remaining -= size;
        return true;
    }
}
