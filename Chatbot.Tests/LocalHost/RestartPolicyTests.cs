using Chatbot.LocalHost;
using Microsoft.Extensions.Time.Testing;

namespace Chatbot.Tests.LocalHost;

public sealed class RestartPolicyTests
{
    private readonly FakeTimeProvider time = new();

    [Fact]
    public void Pauses_double_from_a_quarter_second_and_stop_growing_at_five_seconds()
    {
        var policy = new RestartPolicy(limit: 10, time);

        var delays = Enumerable.Range(0, 7).Select(_ => policy.NextDelay()!.Value.TotalSeconds).ToArray();

        Assert.Equal([0.25, 0.5, 1, 2, 4, 5, 5], delays);
    }

    [Fact]
    public void The_limit_counts_crashes_in_the_last_minute_only()
    {
        var policy = new RestartPolicy(limit: 2, time);
        Assert.NotNull(policy.NextDelay());
        time.Advance(TimeSpan.FromSeconds(30));
        Assert.NotNull(policy.NextDelay());

        Assert.Null(policy.NextDelay());

        time.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(TimeSpan.FromMilliseconds(500), policy.NextDelay());
    }

    [Fact]
    public void A_limit_of_zero_never_restarts()
        => Assert.Null(new RestartPolicy(limit: 0, time).NextDelay());
}
