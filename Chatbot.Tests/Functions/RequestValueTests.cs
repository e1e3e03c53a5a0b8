using Chatbot.Core.Chats;
using Chatbot.Core.Errors;
using Chatbot.Functions.Http;

namespace Chatbot.Tests.Functions;

/// <summary>Ids in the route and paging values in the query: a bad one is a 4xx that says which, never a 500.</summary>
public sealed class RequestValueTests
{
    [Theory]
    [InlineData("abc")]
    [InlineData("99999999999999999999999")]
    [InlineData("-1")]
    [InlineData("0")]
    [InlineData("+5")]
    [InlineData(" 5")]
    [InlineData("5.0")]
    [InlineData("1e3")]
    [InlineData("")]
    public async Task An_id_that_is_not_a_positive_64_bit_integer_is_404(string value)
    {
        var problem = Assert.Throws<ProblemException>(() => RouteId.Parse(value, "The chat session"));

        var body = (await TestHttp.ExecuteAsync(ProblemResult.From(problem))).AssertProblem(404, "not_found");
        Assert.Equal("The chat session was not found.", body.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("1", 1)]
    [InlineData("42", 42)]
    [InlineData("9223372036854775807", long.MaxValue)]
    public void A_positive_64_bit_integer_is_an_id(string value, long id) => Assert.Equal(id, RouteId.Parse(value, "The message"));

    [Theory]
    [InlineData("?limit=zero", "limit")]
    [InlineData("?limit=0", "limit")]
    [InlineData("?limit=1001", "limit")]
    [InlineData("?after=x", "after")]
    [InlineData("?before=-3", "before")]
    [InlineData("?before=1&after=2", "before")]
    public async Task A_bad_paging_value_is_named_in_errors(string query, string field)
    {
        var problem = Assert.Throws<ProblemException>(() => PageQuery.From(TestHttp.Context(query: query).Request));

        var body = (await TestHttp.ExecuteAsync(ProblemResult.From(problem))).AssertProblem(400, "validation_failed");
        Assert.True(body.GetProperty("errors").TryGetProperty(field, out _), body.ToString());
    }

    [Theory]
    [InlineData("", PageRequest.MaxLimit, null, null)]
    [InlineData("?limit=2&after=7", 2, null, 7L)]
    [InlineData("?before=9", PageRequest.MaxLimit, 9L, null)]
    public void Paging_values_are_read_from_the_query(string query, int limit, long? before, long? after)
        => Assert.Equal(new PageRequest(limit, before, after), PageQuery.From(TestHttp.Context(query: query).Request));
}
