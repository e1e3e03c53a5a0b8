using Chatbot.Core.Errors;
using Chatbot.Core.Search;

namespace Chatbot.Tests.Search;

/// <summary>Our query language, parsed before any database sees it.</summary>
public sealed class SearchQueryTests
{
    [Fact]
    public void Words_prefixes_and_phrases_are_told_apart()
    {
        var query = SearchQuery.Parse("graph grap* \"exact words\" foo-bar");

        Assert.Equal(
            [
                (SearchTermKind.Word, "graph"),
                (SearchTermKind.Prefix, "grap"),
                (SearchTermKind.Phrase, "exact words"),
                (SearchTermKind.Word, "foo bar"),
            ],
            query.Terms.Select(term => (term.Kind, string.Join(' ', term.Words))));
    }

    [Theory]
    [InlineData("graph", "\"graph\"")]
    [InlineData("grap*", "\"grap\"*")]
    [InlineData("\"exact  words\"", "\"exact words\"")]
    [InlineData("a AND b", "\"a\" \"AND\" \"b\"")]
    [InlineData("NEAR(a b)", "\"NEAR a\" \"b\"")]
    [InlineData("title:secret ^start -minus +plus", "\"title secret\" \"start\" \"minus\" \"plus\"")]
    [InlineData("\"unclosed phrase", "\"unclosed phrase\"")]
    [InlineData("Ünïcödé 日本語", "\"Ünïcödé\" \"日本語\"")]
    public void The_fts5_query_quotes_every_term_so_no_operator_passes_through(string q, string match)
        => Assert.Equal(match, SqliteSearchSql.Match(SearchQuery.Parse(q)));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   \t ")]
    [InlineData("\"***\"")]
    [InlineData("&|!()")]
    [InlineData("* \" : ^")]
    public void A_query_without_a_word_to_search_for_is_a_400_naming_q(string? q)
    {
        var problem = Assert.Throws<ProblemException>(() => SearchQuery.Parse(q));

        Assert.Equal(ProblemKind.Validation, problem.Kind);
        Assert.Equal(["q"], problem.Errors!.Keys);
    }

    [Fact]
    public void A_query_too_long_or_with_too_many_terms_is_a_400_naming_q()
    {
        Assert.Equal(["q"], Assert.Throws<ProblemException>(() => SearchQuery.Parse(new string('a', SearchQuery.MaxLength + 1))).Errors!.Keys);
        Assert.Equal(["q"], Assert.Throws<ProblemException>(() => SearchQuery.Parse(string.Join(' ', Enumerable.Repeat("w", SearchQuery.MaxTerms + 1)))).Errors!.Keys);
    }

    [Fact]
    public void Control_characters_and_broken_surrogates_only_separate_words()
    {
        var query = SearchQuery.Parse("nul\0byte lone\ud800surrogate");

        Assert.Equal(["nul", "byte", "lone", "surrogate"], query.Terms.SelectMany(term => term.Words));
        Assert.DoesNotContain(query.Terms, term => term.Text.Contains('\0', StringComparison.Ordinal) || term.Text.Contains('\ud800', StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(null, null, null, new[] { "q" })]
    [InlineData("word", "0", null, new[] { "limit" })]
    [InlineData("word", "1001", "-1", new[] { "limit", "offset" })]
    [InlineData("", "x", "1000001", new[] { "q", "limit", "offset" })]
    public void Every_bad_parameter_is_named_in_one_400(string? q, string? limit, string? offset, string[] fields)
    {
        var problem = Assert.Throws<ProblemException>(() => SearchRequest.Parse(q, limit, offset));

        Assert.Equal(fields.Order(), problem.Errors!.Keys.Order());
    }

    [Fact]
    public void Without_limit_and_offset_the_first_thousand_hits_are_asked_for()
        => Assert.Equal((1000, 0), SearchRequest.Parse("word", null, null) is var request ? (request.Limit, request.Offset) : default);
}
