using Chatbot.Core.Limits;
using Chatbot.Tests.Fixtures;
using Microsoft.Extensions.Options;

namespace Chatbot.Tests.Limits;

public sealed class ClientAddressOptionsTests
{
    [Fact]
    public async Task The_trusted_hop_count_is_read_from_the_key_deployments_already_set()
    {
        await using var core = await CoreServices.StartAsync(overrides: new Dictionary<string, string?> { ["Limits:TrustedProxyHops"] = "2" });

        Assert.Equal(2, core.GetRequiredService<IOptions<ClientAddressOptions>>().Value.TrustedProxyHops);
    }

    [Fact]
    public async Task A_negative_trusted_hop_count_stops_the_app_with_one_line_naming_it()
    {
        await using var core = await CoreServices.StartAsync(overrides: new Dictionary<string, string?> { ["Limits:TrustedProxyHops"] = "-1" });

        var invalid = Assert.Throws<OptionsValidationException>(() => core.GetRequiredService<IOptions<ClientAddressOptions>>().Value);
        Assert.Equal(["Limits:TrustedProxyHops must be 0 or more, not -1."], invalid.Failures);
    }
}
