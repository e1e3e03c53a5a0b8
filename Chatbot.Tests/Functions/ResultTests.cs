using Chatbot.Core.Auth;
using Chatbot.Core.Chats;
using Chatbot.Core.Limits;
using Chatbot.Functions.Auth;
using Chatbot.Functions.Http;
using Chatbot.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Chatbot.Tests.Functions;

/// <summary>Results executed as the worker executes them: status, headers and JSON on a real HttpContext.</summary>
public sealed class ResultTests
{
    private static readonly PageRequest TwoPerPage = new(2, null, null);

    [Fact]
    public async Task Paging_links_are_relative_whatever_host_the_client_names()
    {
        var http = TestHttp.Context(path: "/chatsessions/7/messages/", query: "?limit=2&after=3");
        http.Request.Host = new("attacker.example");
        http.Request.Scheme = "https";
        var page = new Page<long>([4, 5], HasPrevious: true, HasNext: true);

        var answer = await TestHttp.ExecuteAsync(Paged(page), http);

        Assert.Equal(200, answer.Status);
        Assert.Equal("</chatsessions/7/messages/?limit=2&after=5>; rel=\"next\", </chatsessions/7/messages/?limit=2&before=4>; rel=\"prev\"",
            answer.Header("Link").ToString());
        Assert.Equal([4L, 5L], answer.Json().EnumerateArray().Select(item => item.GetInt64()));
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, true)]
    public async Task A_page_with_nothing_beyond_it_or_no_items_has_no_link(bool hasPrevious, bool hasNext)
    {
        var answer = await TestHttp.ExecuteAsync(Paged(new Page<long>(hasNext ? [] : [1], hasPrevious, hasNext)), TestHttp.Context(path: "/chatsessions/"));

        Assert.Equal("", answer.Header("Link").ToString());
    }

    [Fact]
    public async Task A_path_is_escaped_in_the_link()
    {
        var answer = await TestHttp.ExecuteAsync(Paged(new Page<long>([9], false, true)), TestHttp.Context(path: "/chat sessions/"));

        Assert.Equal("</chat%20sessions/?limit=2&after=9>; rel=\"next\"", answer.Header("Link").ToString());
    }

    [Fact]
    public async Task Login_token_obtain_and_refresh_answer_tokens_no_cache_may_keep()
    {
        await using var core = await CoreServices.StartAsync();
        var username = $"user{Guid.NewGuid():N}"[..20];
        var login = $"{{\"username\": \"{username}\", \"password\": \"testpass\"}}";

        await core.RegisterAsync(username, $"{username}@example.com", "testpass");
        var answers = await core.InScopeAsync<IServiceProvider, ExecutedResult[]>(async services =>
        {
            var tokens = new TokenFunctions(
                services.GetRequiredService<PasswordLogin>(), services.GetRequiredService<LoginTokens>(), core.GetRequiredService<IOptions<ClientAddressOptions>>());
            var loggedIn = await TestHttp.ExecuteAsync(await tokens.Login(TestHttp.Post(login), CancellationToken.None));
            var obtained = await TestHttp.ExecuteAsync(await tokens.ObtainToken(TestHttp.Post(login), CancellationToken.None));
            var refresh = loggedIn.Json().GetProperty("refresh").GetString();
            var refreshed = await TestHttp.ExecuteAsync(await tokens.Refresh(TestHttp.Post($"{{\"refresh\": \"{refresh}\"}}"), CancellationToken.None));
            return [loggedIn, obtained, refreshed];
        });

        Assert.All(answers, answer =>
        {
            Assert.Equal((200, "no-store"), (answer.Status, answer.Header("Cache-Control").ToString()));
            Assert.Equal(["refresh", "access"], answer.Json().EnumerateObject().Select(member => member.Name));
        });
    }

    [Fact]
    public async Task Other_answers_leave_caching_alone()
    {
        var answer = await TestHttp.ExecuteAsync(ApiResults.Ok(EmptyResponse.Instance, ApiJsonContext.Default.EmptyResponse));

        Assert.Equal((200, "", "{}"), (answer.Status, answer.Header("Cache-Control").ToString(), answer.Body));
    }

    private static PagedResult<long> Paged(Page<long> page) => new(page, TwoPerPage, id => id, ListOfLongs.Default.IReadOnlyListInt64);
}

[System.Text.Json.Serialization.JsonSerializable(typeof(IReadOnlyList<long>))]
internal sealed partial class ListOfLongs : System.Text.Json.Serialization.JsonSerializerContext;
