using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Chatbot.Core.Data;
using Chatbot.Tests.Fixtures;

namespace Chatbot.Tests.EndToEnd;

/// <summary>
/// Two instances of the app on one database with one signing key, as a scaled-out deployment runs: the registration
/// mode an admin sets through one holds on the other within 5 s, and one single-use invite creates one account however
/// many instances it is presented to at once.
/// </summary>
public sealed class SignUpTwoInstancesTests
{
    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public Task A_mode_set_on_one_instance_holds_on_the_other_and_a_single_use_invite_works_once_across_both(DatabaseProvider provider)
        => TwoInstances.RunAsync(provider, async (one, two) =>
        {
            await ModeHoldsOnTheOtherInstanceAsync(one, two);
            await SingleUseInviteWorksOnceAcrossInstancesAsync(one, two);
        });

    private static async Task ModeHoldsOnTheOtherInstanceAsync(ChatbotApp one, ChatbotApp two)
    {
        var (admin, _) = await one.Api.NewUserAsync("twomodeadmin");
        await one.Database.MakeAdminAsync("twomodeadmin");
        Assert.Equal("open", await ModeAsync(two));

        var clock = Stopwatch.StartNew();
        Assert.Equal(HttpStatusCode.OK, (await SetModeAsync(one, admin, "closed")).StatusCode);
        var refused = await TwoInstances.FirstAsync(() => RegisterAsync(two, "twolate"), HttpStatusCode.Forbidden);
        var shown = await ModeAsync(two);
        var elapsed = clock.Elapsed;

        await ApiEndToEndTests.AssertProblem(refused, HttpStatusCode.Forbidden, "registration_closed");
        Assert.Equal("closed", shown);
        Assert.True(elapsed < TwoInstances.Within, $"The mode took {elapsed} to hold on the other instance.");
        // And back, the other way round: the admin's token is good on either instance.
        Assert.Equal(HttpStatusCode.OK, (await SetModeAsync(two, admin, "invite")).StatusCode);
        Assert.Equal("invite", await ModeAsync(one));
    }

    private static async Task SingleUseInviteWorksOnceAcrossInstancesAsync(ChatbotApp one, ChatbotApp two)
    {
        var admin = (await (await one.Http.PostAsJsonAsync("/login/", new { username = "twomodeadmin", password = "testpass" }))
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access").GetString()!;
        for (var round = 0; round < 3; round++)
        {
            var created = await one.Http.SendAsync(ApiClient.Request(HttpMethod.Post, "/admin/invites/", admin, new { }));
            var code = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString();

            var statuses = await Task.WhenAll(
                RegisterAsync(one, $"tworace{round}a", code),
                RegisterAsync(two, $"tworace{round}b", code));

            Assert.Equal([HttpStatusCode.Created, HttpStatusCode.BadRequest], statuses.Select(response => response.StatusCode).Order());
        }
    }

    private static Task<HttpResponseMessage> SetModeAsync(ChatbotApp app, string admin, string mode)
        => app.Http.SendAsync(ApiClient.Request(HttpMethod.Patch, "/admin/settings/", admin, new { registration_mode = mode }));

    private static async Task<string?> ModeAsync(ChatbotApp app)
        => (await app.Http.GetFromJsonAsync<JsonElement>("/registration/")).GetProperty("registration_mode").GetString();

    private static Task<HttpResponseMessage> RegisterAsync(ChatbotApp app, string username, string? inviteCode = null)
        => app.Http.PostAsJsonAsync("/register/", new { username, email = $"{username}@example.com", password = "testpass", invite_code = inviteCode });
}
