namespace Chatbot.Core.Search;

public enum SearchTermKind
{
    /// <summary>A word (or a run of words joined by punctuation, such as <c>foo-bar</c>) that must appear.</summary>
    Word,

    /// <summary>A word written with a trailing <c>*</c>: any word that starts with it.</summary>
    Prefix,

    /// <summary>Words in double quotes: these words, next to each other, in this order.</summary>
    Phrase,
}

/// <summary>
/// One thing every match must contain. <see cref="Words"/> are the runs of letters and digits in <see cref="Text"/>:
/// no database's query syntax can hide in them, so they are what queries are spelled from. <see cref="Text"/> (the
/// user's text, cleaned of control characters) only ever goes to functions that read all input as plain words.
/// </summary>
public sealed record SearchTerm(SearchTermKind Kind, string Text, IReadOnlyList<string> Words);
