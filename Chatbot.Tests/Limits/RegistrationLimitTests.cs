using Chatbot.Core.Auth;
using Chatbot.Core.Data;
using Chatbot.Core.Errors;
using Chatbot.Tests.Fixtures;

namespace Chatbot.Tests.Limits;

public sealed class RegistrationLimitTests : IAsyncLifetime
{
    private const string Signups = "198.51.100.77";
    private const string Elsewhere = "192.0.2.30";

    private CoreServices core = null!;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await core.DisposeAsync();

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task An_address_may_create_ten_accounts_an_hour(DatabaseProvider provider)
    {
        await StartAsync(provider, enabled: true);
        for (var account = 0; account < 10; account++)
        {
            await RegisterAsync($"user{account}", Signups);
            core.Time.Advance(TimeSpan.FromMinutes(1));
        }

        var refused = await Assert.ThrowsAsync<ProblemException>(() => RegisterAsync("one-more", Signups));

        // The first of the ten was made ten minutes ago: one more is allowed when it is an hour old.
        Assert.Equal((ProblemKind.TooManyRequests, "too_many_registrations", TimeSpan.FromMinutes(50)), (refused.Kind, refused.Code, refused.RetryAfter));
        await RegisterAsync("from-elsewhere", Elsewhere);
        core.Time.Advance(TimeSpan.FromMinutes(50));
        await RegisterAsync("one-more", Signups);
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Refused_registrations_count_against_the_address_a_taken_name_and_a_bad_field_alike(DatabaseProvider provider)
    {
        await StartAsync(provider, enabled: true, perHour: 3);
        await RegisterAsync("taken", Signups);
        core.Time.Advance(TimeSpan.FromMinutes(1));
        var taken = await Assert.ThrowsAsync<ProblemException>(() => RegisterAsync("TAKEN", Signups));
        var invalid = await Assert.ThrowsAsync<ProblemException>(() => RegisterAsync("bad name!", Signups));

        var refused = await Assert.ThrowsAsync<ProblemException>(() => RegisterAsync("new-name", Signups));

        Assert.Equal(["username"], taken.Errors!.Keys);
        Assert.Equal(ProblemKind.Validation, invalid.Kind);
        // Probing is counted from its first attempt, the account made a minute ago.
        Assert.Equal((ProblemKind.TooManyRequests, "too_many_registrations", TimeSpan.FromMinutes(59)), (refused.Kind, refused.Code, refused.RetryAfter));
        await RegisterAsync("new-name", Elsewhere);
    }

    [Fact]
    public async Task Limits_disabled_never_refuse_a_registration()
    {
        await StartAsync(DatabaseProvider.Sqlite, enabled: false, perHour: 1);

        await RegisterAsync("first", Signups);
        await RegisterAsync("second", Signups);
    }

    private async Task StartAsync(DatabaseProvider provider, bool enabled, int perHour = 10)
        => core = await CoreServices.StartAsync(provider, new Dictionary<string, string?>
        {
            ["Limits:Enabled"] = enabled ? "true" : "false",
            ["Limits:RegistrationsPerAddressPerHour"] = perHour.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });

    private Task<UserDto> RegisterAsync(string username, string address)
        => core.RegisterAsync(username, $"{username}@example.com", $"{username}-password", address);
}
