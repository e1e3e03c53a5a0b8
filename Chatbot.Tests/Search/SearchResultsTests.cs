using Chatbot.Core.Chats;
using Chatbot.Core.Search;
using Chatbot.Functions.Search;
using Chatbot.Tests.Functions;

namespace Chatbot.Tests.Search;

/// <summary>The answer of <c>GET /search/</c>: a bare array, and links to the neighbouring pages by offset.</summary>
public sealed class SearchResultsTests
{
    private static readonly SearchHit Hit = new(7, 3, null, "[x]", new DateTime(2026, 11, 25, 9, 0, 0, DateTimeKind.Utc));

    [Fact]
    public async Task The_links_carry_the_query_escaped_and_the_neighbouring_offsets()
    {
        var request = SearchRequest.Parse("a&b=c #d \"e f\" g*", "10", "25");

        var answer = await TestHttp.ExecuteAsync(new SearchResults(new Page<SearchHit>([Hit], HasPrevious: true, HasNext: true), request), TestHttp.Context(path: "/search/"));

        Assert.Equal(
            "</search/?q=a%26b%3Dc%20%23d%20%22e%20f%22%20g%2A&limit=10&offset=35>; rel=\"next\", "
            + "</search/?q=a%26b%3Dc%20%23d%20%22e%20f%22%20g%2A&limit=10&offset=15>; rel=\"prev\"",
            answer.Header("Link").ToString());
        Assert.Equal("""[{"message_id":7,"session_id":3,"session_title":null,"snippet":"[x]","created_at":"2026-11-25T09:00:00Z","attachments":[]}]""", answer.Body);
    }

    [Fact]
    public async Task The_previous_page_of_a_short_offset_starts_at_zero_and_a_lone_page_has_no_link()
    {
        var near = await TestHttp.ExecuteAsync(new SearchResults(new Page<SearchHit>([Hit], true, false), SearchRequest.Parse("x", "10", "4")), TestHttp.Context(path: "/search/"));
        var alone = await TestHttp.ExecuteAsync(new SearchResults(new Page<SearchHit>([], false, false), SearchRequest.Parse("x", null, null)), TestHttp.Context(path: "/search/"));

        Assert.Equal("</search/?q=x&limit=10&offset=0>; rel=\"prev\"", near.Header("Link").ToString());
        Assert.Equal(("", "[]"), (alone.Header("Link").ToString(), alone.Body));
    }
}
