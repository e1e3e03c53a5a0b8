using System.Net;
using Chatbot.Core.Data;
using Chatbot.Tests.Fakes;

namespace Chatbot.Tests.EndToEnd;

/// <summary>Answers capped at 5 tokens, so reservations are small and several parallel sends are let through at once.</summary>
public sealed class SmallAnswersApp() : ChatbotApp(DatabaseProvider.Sqlite, new Dictionary<string, string?>
{
    ["Gemini__MaxOutputTokens"] = "5",
});

/// <summary>A user's own quota, set by an admin over HTTP, holds under parallel sends.</summary>
public sealed class AdminQuotaEndToEndTests(SmallAnswersApp app) : IClassFixture<SmallAnswersApp>
{
    // The fake Gemini reports 11 prompt and 7 answer tokens for every call.
    private const int TokensPerCall = 18;

    [Fact]
    public async Task Ten_parallel_sends_cannot_dodge_a_quota_an_admin_set_and_usage_shows_it()
    {
        const int Quota = 40;
        var (admin, _) = await app.Api.NewUserAsync("quotaadmin");
        await app.Database.MakeAdminAsync("quotaadmin");
        var (access, _) = await app.Api.NewUserAsync("quotauser");
        var id = (await app.Api.GetJsonAsync(access, "/me/")).GetProperty("id").GetInt64();
        var patched = await app.Http.SendAsync(ApiClient.Request(HttpMethod.Patch, $"/admin/users/{id}/", admin, new { daily_token_quota = Quota }));
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        var sessions = new List<long>();
        for (var index = 0; index < 10; index++)
        {
            sessions.Add(await app.Api.NewSessionAsync(access));
        }

        app.Gemini.Default = _ => GeminiReply.Delayed(TimeSpan.FromMilliseconds(200), GeminiReply.Text("slow enough to overlap"));
        var statuses = await Task.WhenAll(sessions.Select(async session => (await app.Http.SendAsync(
            ApiClient.Request(HttpMethod.Post, $"/chatsessions/{session}/messages/", access, new { prompt = "in parallel" }))).StatusCode));

        var usage = await app.Api.GetJsonAsync(access, "/usage/");
        var answered = statuses.Count(status => status == HttpStatusCode.Created);
        Assert.Equal(10 - answered, statuses.Count(status => status == HttpStatusCode.TooManyRequests));
        Assert.InRange(answered, 1, 9);
        Assert.Equal(answered * TokensPerCall, usage.GetProperty("today").GetProperty("total_tokens").GetInt64());
        Assert.InRange(usage.GetProperty("today").GetProperty("total_tokens").GetInt64(), 0, Quota + (3 * TokensPerCall));
        Assert.Equal(Quota, usage.GetProperty("daily_token_quota").GetInt64());
    }
}

/// <summary>An operator who keeps admins out of users' chats.</summary>
public sealed class NoAdminChatAccessApp() : ChatbotApp(DatabaseProvider.Sqlite, new Dictionary<string, string?>
{
    ["Admin__ChatAccess"] = "false",
});

public sealed class AdminChatAccessEndToEndTests(NoAdminChatAccessApp app) : IClassFixture<NoAdminChatAccessApp>
{
    [Fact]
    public async Task With_Admin_ChatAccess_false_the_chat_routes_are_404_and_no_admin_answer_carries_message_text()
    {
        var (admin, _) = await app.Api.NewUserAsync("closedadmin");
        await app.Database.MakeAdminAsync("closedadmin");
        var (owner, _) = await app.Api.NewUserAsync("closedowner");
        var ownerId = (await app.Api.GetJsonAsync(owner, "/me/")).GetProperty("id").GetInt64();
        var session = await app.Api.NewSessionAsync(owner, "a private title");
        var sent = await app.Http.SendAsync(ApiClient.Request(HttpMethod.Post, $"/chatsessions/{session}/messages/", owner, new { prompt = "a private prompt" }));
        Assert.Equal(HttpStatusCode.Created, sent.StatusCode);

        var closed = new[]
        {
            await app.Http.SendAsync(ApiClient.Request(HttpMethod.Get, $"/admin/users/{ownerId}/chatsessions/", admin)),
            await app.Http.SendAsync(ApiClient.Request(HttpMethod.Get, $"/admin/chatsessions/{session}/messages/", admin)),
            await app.Http.SendAsync(ApiClient.Request(HttpMethod.Delete, $"/admin/chatsessions/{session}/", admin)),
        };

        foreach (var response in closed)
        {
            await ApiEndToEndTests.AssertProblem(response, HttpStatusCode.NotFound, "not_found");
        }

        Assert.Equal(1, (await app.Api.GetJsonAsync(owner, $"/chatsessions/{session}/messages/")).GetArrayLength());
        foreach (var path in new[] { "/admin/users/", $"/admin/users/{ownerId}/", "/admin/usage/", "/admin/audit/" })
        {
            var text = (await app.Api.GetJsonAsync(admin, path)).GetRawText();
            Assert.DoesNotContain("private", text, StringComparison.Ordinal);
        }

        Assert.Empty((await app.Api.GetJsonAsync(admin, "/admin/audit/?action=chat_read")).EnumerateArray());
    }
}
