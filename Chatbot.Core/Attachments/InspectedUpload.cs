using System.Security.Cryptography;

namespace Chatbot.Core.Attachments;

/// <summary>
/// The upload's bytes on their way to the store: hashed, counted and sniffed as they pass, so the file is never held
/// in memory. Reading stops with a problem as soon as the file is too large, or plainly of no type we accept.
/// </summary>
internal sealed class InspectedUpload(Stream source, long maxBytes) : Stream
{
    private readonly IncrementalHash sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly AttachmentSniffer sniffer = new();

    public long Size { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => Size;
        set => throw new NotSupportedException();
    }

    /// <summary>Once every byte went through: the SHA-256 (lower-case hex) and the detected type, or a 415.</summary>
    public (string Sha256, string ContentType) Finish()
        => (Convert.ToHexStringLower(sha256.GetHashAndReset()), sniffer.Finish() ?? throw AttachmentProblems.Unsupported());

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await source.ReadAsync(buffer, cancellationToken);
        Inspect(buffer.Span[..read]);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count)
    {
        var read = source.Read(buffer, offset, count);
        Inspect(buffer.AsSpan(offset, read));
        return read;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            sha256.Dispose();
        }

        base.Dispose(disposing);
    }

    private void Inspect(ReadOnlySpan<byte> chunk)
    {
        Size += chunk.Length;
        if (Size > maxBytes)
        {
            throw AttachmentProblems.TooLarge(maxBytes);
        }

        sha256.AppendData(chunk);
        sniffer.Append(chunk);
        if (sniffer.IsHopeless)
        {
            throw AttachmentProblems.Unsupported();
        }
    }
}
