using System.Text;

namespace Chatbot.Core.Attachments;

/// <summary>
/// Decides a file's type from its bytes as they stream past: images and PDFs by their signatures, text by being valid
/// UTF-8 without a NUL all the way through. The client's header and the file name count for nothing: HTML, SVG, an
/// executable or an archive is neither, and a PNG named <c>.pdf</c> is still a PNG.
/// </summary>
internal sealed class AttachmentSniffer
{
    /// <summary>Every signature is decided by the first 16 bytes.</summary>
    private const int HeadLength = 16;

    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly byte[] JpegSignature = [0xFF, 0xD8, 0xFF];
    private static readonly byte[] WhiteSpaceAndByteOrderMark = [0x20, 0x09, 0x0D, 0x0A, 0x0C, 0xEF, 0xBB, 0xBF];

    private readonly byte[] head = new byte[HeadLength];
    private readonly Decoder utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetDecoder();
    private readonly char[] scratch = new char[4096];
    private int headLength;

    /// <summary>The first byte that is not white space (nor a byte order mark): <c>&lt;</c> starts markup.</summary>
    private byte? firstVisible;

    public bool IsText { get; private set; } = true;

    /// <summary>Known once the head is in: neither a known signature nor (so far) text. The upload can stop there.</summary>
    public bool IsHopeless => headLength == HeadLength && !IsText && Signature(head) is null;

    public void Append(ReadOnlySpan<byte> chunk)
    {
        var take = Math.Min(HeadLength - headLength, chunk.Length);
        chunk[..take].CopyTo(head.AsSpan(headLength));
        headLength += take;
        if (IsText)
        {
            IsText = chunk.IndexOf((byte)0) < 0 && Decodes(chunk, flush: false);
            firstVisible ??= FirstVisible(chunk);
        }
    }

    /// <summary>The detected type once every byte went through <see cref="Append"/>, or null when it is none we accept.</summary>
    public string? Finish()
    {
        var signature = Signature(head.AsSpan(0, headLength));
        if (signature is not null)
        {
            return signature;
        }

        // HTML, SVG and other markup are text too, but a browser would run them: refused rather than served.
        return headLength > 0 && IsText && firstVisible != (byte)'<' && Decodes([], flush: true) ? AttachmentTypes.Text : null;
    }

    private static byte? FirstVisible(ReadOnlySpan<byte> chunk)
    {
        var visible = chunk.IndexOfAnyExcept(WhiteSpaceAndByteOrderMark);
        return visible < 0 ? null : chunk[visible];
    }

    private bool Decodes(ReadOnlySpan<byte> chunk, bool flush)
    {
        try
        {
            while (true)
            {
                utf8.Convert(chunk, scratch, flush, out var used, out _, out var completed);
                chunk = chunk[used..];
                if (completed || chunk.IsEmpty)
                {
                    return true;
                }
            }
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    private static string? Signature(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith(PngSignature))
        {
            return AttachmentTypes.Png;
        }

        if (bytes.StartsWith(JpegSignature))
        {
            return AttachmentTypes.Jpeg;
        }

        if (bytes.StartsWith("GIF87a"u8) || bytes.StartsWith("GIF89a"u8))
        {
            return AttachmentTypes.Gif;
        }

        if (bytes.StartsWith("%PDF-"u8))
        {
            return AttachmentTypes.Pdf;
        }

        if (bytes.Length >= 12 && bytes.StartsWith("RIFF"u8) && bytes[8..12].SequenceEqual("WEBP"u8))
        {
            return AttachmentTypes.WebP;
        }

        // ISO base media (HEIF): a box "ftyp" at offset 4, its major brand naming HEIC or HEIF.
        if (bytes.Length >= 12 && bytes[4..8].SequenceEqual("ftyp"u8))
        {
            var brand = Encoding.ASCII.GetString(bytes[8..12]);
            return brand switch
            {
                "heic" or "heix" or "heim" or "heis" or "hevc" or "hevx" => AttachmentTypes.Heic,
                "mif1" or "msf1" or "heif" => AttachmentTypes.Heif,
                _ => null,
            };
        }

        return null;
    }
}
