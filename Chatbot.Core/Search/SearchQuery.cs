using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using Chatbot.Core.Errors;

namespace Chatbot.Core.Search;

/// <summary>
/// What the user asked to find, parsed by us rather than handed to a database's query language: words (all must
/// match), prefixes (<c>grap*</c>) and quoted phrases (<c>"exact words"</c>). Every other character separates words,
/// so the operators of FTS5 (<c>AND</c>, <c>NEAR(</c>, <c>^</c>, <c>:</c> …) and of tsquery (<c>&amp;|!</c> …) are
/// just text, and <c>AND</c> is a word to look for.
/// </summary>
public sealed record SearchQuery(IReadOnlyList<SearchTerm> Terms)
{
    public const int MaxLength = 500;

    public const int MaxTerms = 20;

    /// <summary>The parsed query, or a 400 that names <c>q</c>.</summary>
    public static SearchQuery Parse(string? q)
        => TryParse(q, out var query, out var problem) ? query : throw ProblemException.Validation("q", problem);

    public static bool TryParse(string? q, [NotNullWhen(true)] out SearchQuery? query, [NotNullWhen(false)] out string? problem)
    {
        query = null;
        if (string.IsNullOrWhiteSpace(q))
        {
            problem = "Give the words to search for.";
            return false;
        }

        if (q.Length > MaxLength)
        {
            problem = $"At most {MaxLength} characters.";
            return false;
        }

        var terms = Split(Clean(q));
        problem = terms.Count switch
        {
            0 => "Holds no letters or digits to search for.",
            > MaxTerms => $"At most {MaxTerms} words or phrases.",
            _ => null,
        };
        if (problem is not null)
        {
            return false;
        }

        query = new SearchQuery(terms);
        return true;
    }

    private static List<SearchTerm> Split(string text)
    {
        var terms = new List<SearchTerm>();
        var i = 0;
        while (i < text.Length)
        {
            if (char.IsWhiteSpace(text[i]))
            {
                i++;
            }
            else if (text[i] == '"')
            {
                // An unclosed quote runs to the end: the user clearly meant a phrase.
                var end = text.IndexOf('"', i + 1);
                end = end < 0 ? text.Length : end;
                Add(terms, SearchTermKind.Phrase, text[(i + 1)..end]);
                i = end + 1;
            }
            else
            {
                var start = i;
                while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] != '"')
                {
                    i++;
                }

                var chunk = text[start..i];
                var stem = chunk.TrimEnd('*');
                Add(terms, stem.Length < chunk.Length ? SearchTermKind.Prefix : SearchTermKind.Word, stem);
            }
        }

        return terms;
    }

    /// <summary>A term with no word in it (<c>***</c>, <c>&amp;|!()</c>) asks for nothing, so it is left out.</summary>
    private static void Add(List<SearchTerm> terms, SearchTermKind kind, string text)
    {
        var words = Words(text);
        if (words.Count > 0)
        {
            terms.Add(new SearchTerm(kind, text.Trim(), words));
        }
    }

    /// <summary>
    /// Runs of letters and digits (with the marks that accent them): the characters FTS5's unicode61 tokenizer keeps
    /// as parts of words (categories L*, N*). A run of marks alone is not a word.
    /// </summary>
    private static List<string> Words(string text)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var hasLetterOrDigit = false;
        foreach (var rune in text.EnumerateRunes())
        {
            if (Rune.IsLetter(rune) || Rune.IsNumber(rune))
            {
                word.Append(rune.ToString());
                hasLetterOrDigit = true;
            }
            else if (IsMark(rune))
            {
                word.Append(rune.ToString());
            }
            else
            {
                Flush();
            }
        }

        Flush();
        return words;

        void Flush()
        {
            if (hasLetterOrDigit)
            {
                words.Add(word.ToString());
            }

            word.Clear();
            hasLetterOrDigit = false;
        }
    }

    private static bool IsMark(Rune rune) => Rune.GetUnicodeCategory(rune)
        is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark;

    /// <summary>
    /// Control characters and broken surrogates become spaces: PostgreSQL refuses a NUL in text and a strict UTF-8
    /// encoder refuses a lone surrogate, and either would surface as a 500 rather than as no match.
    /// </summary>
    private static string Clean(string q)
    {
        var clean = new StringBuilder(q.Length);
        foreach (var rune in q.EnumerateRunes())
        {
            clean.Append(Rune.IsControl(rune) || rune == Rune.ReplacementChar ? " " : rune.ToString());
        }

        return clean.ToString();
    }
}
