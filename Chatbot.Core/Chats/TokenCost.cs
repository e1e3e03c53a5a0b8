using System.Text;

namespace Chatbot.Core.Chats;

/// <summary>
/// What text costs in a model's input, in tokens, when Gemini has not counted it. Gemini's tokens average about
/// four UTF-8 bytes in English and in CJK scripts alike, so a byte-based estimate holds across languages.
/// </summary>
internal static class TokenCost
{
    /// <summary>Role markers and turn boundaries around each turn's text.</summary>
    public const int PerTurn = 8;

    /// <summary>Three bytes a token, not four: a low guess trims too little and Gemini would refuse the request.</summary>
    public static int Estimate(string? text) => text is null ? 0 : (Encoding.UTF8.GetByteCount(text) + 2) / 3;

    /// <summary>A token never covers less than a byte, so no text costs more tokens than its UTF-8 size.</summary>
    public static int AtMost(string? text) => text is null ? 0 : Encoding.UTF8.GetByteCount(text);
}
