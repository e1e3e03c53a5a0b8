using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Chatbot.Core.Data;
using Chatbot.Tests.Fixtures;

namespace Chatbot.Tests.EndToEnd;

/// <summary>
/// Two instances of the app on one database with one signing key, as a scaled-out deployment runs: what an admin
/// changes through one holds on the other within 5 s.
/// </summary>
public sealed class AdminTwoInstancesTests
{
    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public Task A_deactivation_and_a_role_change_made_on_one_instance_hold_on_the_other_within_5_s(DatabaseProvider provider)
        => TwoInstances.RunAsync(provider, RunAsync);

    private static async Task RunAsync(ChatbotApp one, ChatbotApp two)
    {
        var (admin, _) = await one.Api.NewUserAsync("twoadmin");
        await one.Database.MakeAdminAsync("twoadmin");
        var (deputy, _) = await one.Api.NewUserAsync("twodeputy");
        await one.Database.MakeAdminAsync("twodeputy");
        var (user, refresh) = await one.Api.NewUserAsync("twouser");
        var deputyId = (await one.Api.GetJsonAsync(deputy, "/me/")).GetProperty("id").GetInt64();
        var userId = (await one.Api.GetJsonAsync(user, "/me/")).GetProperty("id").GetInt64();
        // The other instance knows both tokens, and has its copy of the revocations, before the changes.
        Assert.Equal(HttpStatusCode.OK, (await Get(two, deputy, "/admin/users/")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Get(two, user, "/me/")).StatusCode);

        var clock = Stopwatch.StartNew();
        Assert.Equal(HttpStatusCode.OK, (await Patch(one, admin, $"/admin/users/{deputyId}/", new { role = "user" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Patch(one, admin, $"/admin/users/{userId}/", new { status = "deactivated" })).StatusCode);

        var demoted = await TwoInstances.FirstAsync(() => Get(two, deputy, "/admin/users/"), HttpStatusCode.Forbidden);
        var refreshed = await two.Http.PostAsJsonAsync("/api/token/refresh/", new { refresh });
        var refused = await TwoInstances.FirstAsync(() => Get(two, user, "/me/"), HttpStatusCode.Unauthorized);

        await ApiEndToEndTests.AssertProblem(demoted, HttpStatusCode.Forbidden, "permission_denied");
        await ApiEndToEndTests.AssertProblem(refreshed, HttpStatusCode.Unauthorized, "token_not_valid");
        await ApiEndToEndTests.AssertProblem(refused, HttpStatusCode.Unauthorized, "token_not_valid");
        Assert.True(clock.Elapsed < TwoInstances.Within, $"The changes took {clock.Elapsed} to hold on the other instance.");
    }

    private static Task<HttpResponseMessage> Get(ChatbotApp app, string access, string path)
        => app.Http.SendAsync(ApiClient.Request(HttpMethod.Get, path, access));

    private static Task<HttpResponseMessage> Patch(ChatbotApp app, string access, string path, object body)
        => app.Http.SendAsync(ApiClient.Request(HttpMethod.Patch, path, access, body));
}
