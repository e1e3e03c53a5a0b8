using System.Net;
using Grpc.Core;

namespace Chatbot.Tests.EndToEnd;

/// <summary>
/// The local host's gRPC port is open to every local process: only the worker the host started may hold its event
/// stream. A rogue that connects gets no invocation (and so none of their <c>Authorization</c> headers), and the real
/// worker keeps serving.
/// </summary>
public sealed class LocalHostRpcTests(ChatbotApp app) : IClassFixture<ChatbotApp>
{
    private const string WorkerIdVariable = "Functions__Worker__WorkerId";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_stream_with_a_made_up_worker_id_is_refused_and_the_worker_keeps_serving()
    {
        await AssertRefusedAsync(Guid.NewGuid().ToString());
    }

    [Fact]
    public async Task A_stream_with_anything_the_workers_command_line_shows_is_refused_and_the_worker_keeps_serving()
    {
        // Any local user reads another's command line in /proc: the worker's id must not be there.
        var commandLine = app.Host.WorkerCommandLine();
        var workerId = app.Host.WorkerEnvironmentVariable(WorkerIdVariable);
        Assert.False(string.IsNullOrEmpty(workerId), "The worker was not given its id in its environment.");
        Assert.DoesNotContain(commandLine, argument => argument.Contains(workerId, StringComparison.Ordinal));

        foreach (var argument in commandLine)
        {
            await AssertRefusedAsync(argument);
        }
    }

    [Fact]
    public async Task A_second_stream_with_the_real_worker_id_is_refused_without_disturbing_the_first()
    {
        // Only the worker's own user can read its environment (and could as well debug it); even so the stream the
        // worker already holds is not handed over.
        var workerId = app.Host.WorkerEnvironmentVariable(WorkerIdVariable);
        Assert.False(string.IsNullOrEmpty(workerId), "The worker was not given its id in its environment.");

        await AssertRefusedAsync(workerId);
    }

    private async Task AssertRefusedAsync(string workerId)
    {
        var served = new List<HttpStatusCode>();
        var attempt = await RogueWorker.ConnectAsync(app.Host.RpcUri(), workerId, async () =>
        {
            using var health = await app.Http.GetAsync(new Uri("/health/", UriKind.Relative));
            served.Add(health.StatusCode);
        }, Patience);

        // And once the rogue is gone, too: its stream ending must not end the worker's.
        using var after = await app.Http.GetAsync(new Uri("/health/", UriKind.Relative));
        served.Add(after.StatusCode);

        var seen = $"the stream ended {attempt.Status} after {attempt.Received.Count} messages "
            + $"({string.Join(", ", attempt.Received.Select(message => message.ContentCase))}); /health/ answered {string.Join(", ", served)}.";
        Assert.True(attempt.Status == StatusCode.PermissionDenied, seen);
        Assert.True(attempt.Received.Count == 0, seen);
        Assert.True(served.All(status => status == HttpStatusCode.OK), seen);
    }
}
