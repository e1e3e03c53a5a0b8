using Chatbot.Core.Attachments;
using Chatbot.Core.Errors;
using Chatbot.Functions.Http;
using Chatbot.Functions.Middleware;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Net.Http.Headers;

namespace Chatbot.Functions.Attachments;

/// <summary>The caller's uploads: <c>/attachments/</c>, <c>/attachments/{id}/</c> and <c>/attachments/{id}/content/</c>.</summary>
public sealed class AttachmentFunctions(AttachmentService attachments)
{
    private const string Attachment = "The attachment";
    private const string FilePart = "file";

    /// <summary>
    /// <c>multipart/form-data</c> with one part named <c>file</c>, streamed to the store as it arrives: the worker never
    /// holds the whole file. A body cut short, or a part without a name, is a 400 and stores nothing.
    /// </summary>
    [Function("UploadAttachment")]
    public async Task<IResult> Upload(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "attachments")] HttpRequest request,
        FunctionContext context,
        CancellationToken cancellationToken)
    {
        var reader = new MultipartReader(Boundary(request), request.Body);
        try
        {
            while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                    || !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase) || HeaderUtilities.RemoveQuotes(disposition.Name).Length == 0)
                {
                    throw InvalidMultipart("Every part needs a Content-Disposition of form-data with a name.");
                }

                if (HeaderUtilities.RemoveQuotes(disposition.Name).Equals(FilePart, StringComparison.Ordinal))
                {
                    var fileName = disposition.FileNameStar.HasValue ? disposition.FileNameStar.Value : HeaderUtilities.RemoveQuotes(disposition.FileName).Value;
                    var attachment = await attachments.UploadAsync(context.GetUser().Id, fileName, section.Body, cancellationToken);
                    return ApiResults.Created(attachment, ApiJsonContext.Default.AttachmentDto);
                }
            }
        }
        catch (Exception failure) when (failure is IOException or InvalidDataException && !cancellationToken.IsCancellationRequested)
        {
            throw InvalidMultipart("The multipart body is malformed or ended early.");
        }

        throw ProblemException.Validation(FilePart, "No file was submitted: send it as the multipart part named \"file\".");
    }

    [Function("GetAttachment")]
    public async Task<IResult> Get(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "attachments/{attachmentId}")] HttpRequest request,
        string attachmentId,
        FunctionContext context,
        CancellationToken cancellationToken)
    {
        var attachment = await attachments.GetAsync(context.GetUser().Id, RouteId.Parse(attachmentId, Attachment), cancellationToken);
        return ApiResults.Ok(attachment, ApiJsonContext.Default.AttachmentDto);
    }

    /// <summary>
    /// The bytes, safe to open: the detected type, <c>nosniff</c> (every answer has it), a sandbox that runs nothing,
    /// and a download for everything but an image. The ETag is the SHA-256, so a cached copy is revalidated in a 304.
    /// </summary>
    [Function("GetAttachmentContent")]
    public async Task<IResult> Content(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "attachments/{attachmentId}/content")] HttpRequest request,
        string attachmentId,
        FunctionContext context,
        CancellationToken cancellationToken)
    {
        var (user, id) = (context.GetUser().Id, RouteId.Parse(attachmentId, Attachment));
        var attachment = await attachments.GetAsync(user, id, cancellationToken);
        var response = request.HttpContext.Response;
        var etag = new EntityTagHeaderValue($"\"{attachment.Sha256}\"");
        response.Headers.ETag = etag.ToString();
        response.Headers.CacheControl = "private, no-cache";
        response.Headers.ContentSecurityPolicy = "sandbox";
        if (request.GetTypedHeaders().IfNoneMatch is { Count: > 0 } cached && cached.Any(tag => tag.Compare(etag, useStrongComparison: false)))
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        var disposition = new ContentDispositionHeaderValue(AttachmentTypes.IsImage(attachment.ContentType) ? "inline" : "attachment");
        disposition.SetHttpFileName(attachment.Name);
        response.Headers.ContentDisposition = disposition.ToString();
        var contentType = attachment.ContentType == AttachmentTypes.Text ? "text/plain; charset=utf-8" : attachment.ContentType;
        var (_, content) = await attachments.OpenAsync(user, id, cancellationToken);
        return TypedResults.Stream(content, contentType);
    }

    [Function("DeleteAttachment")]
    public async Task<IResult> Delete(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "attachments/{attachmentId}")] HttpRequest request,
        string attachmentId,
        FunctionContext context,
        CancellationToken cancellationToken)
    {
        await attachments.DeleteAsync(context.GetUser().Id, RouteId.Parse(attachmentId, Attachment), cancellationToken);
        return ApiResults.NoContent();
    }

    private static string Boundary(HttpRequest request)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type) || !type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            throw new ProblemException(ProblemKind.UnsupportedMediaType, "unsupported_media_type",
                "Send the file as multipart/form-data, in a part named \"file\".");
        }

        var boundary = HeaderUtilities.RemoveQuotes(type.Boundary).Value;
        return string.IsNullOrWhiteSpace(boundary) || boundary.Length > 70
            ? throw InvalidMultipart("The multipart/form-data Content-Type needs a boundary of at most 70 characters.")
            : boundary;
    }

    private static ProblemException InvalidMultipart(string detail) => new(ProblemKind.BadRequest, "invalid_multipart", detail);
}
