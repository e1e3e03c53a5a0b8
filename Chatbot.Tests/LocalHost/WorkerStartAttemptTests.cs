using Chatbot.LocalHost;

namespace Chatbot.Tests.LocalHost;

public sealed class WorkerStartAttemptTests
{
    [Fact]
    public void Kestrels_line_for_a_taken_port_marks_the_start_as_one_to_try_again()
    {
        var attempt = new WorkerStartAttempt();
        attempt.Observe("info: Microsoft.Hosting.Lifetime[0] Application started.");
        Assert.False(attempt.PortTaken);

        // As the worker prints it when Kestrel cannot bind the port it chose (an unhandled IOException).
        attempt.Observe("Unhandled exception. System.IO.IOException: Failed to bind to address http://127.0.0.1:40123: address already in use.");

        Assert.True(attempt.PortTaken);
    }

    [Theory]
    [InlineData("Chatbot cannot start: Jwt:SigningKey is missing.")]
    [InlineData("SQLite Error 5: 'database is locked'.")]
    [InlineData("Failed to bind to address http://127.0.0.1:40123: permission denied.")]
    public void Any_other_failure_is_not_retried(string line)
    {
        var attempt = new WorkerStartAttempt();

        attempt.Observe(line);

        Assert.False(attempt.PortTaken);
    }

    [Fact]
    public void The_apps_own_cannot_start_line_is_kept_as_the_reason_and_the_first_one_wins()
    {
        var attempt = new WorkerStartAttempt();
        attempt.Observe("info: Chatbot.Core.Data.ChatbotDbContext[0] Applying migration.");
        Assert.Null(attempt.CannotStart);

        attempt.Observe("Chatbot cannot start: the database could not be prepared: disk I/O error");
        attempt.Observe("Chatbot cannot start: something later");

        Assert.Equal("Chatbot cannot start: the database could not be prepared: disk I/O error", attempt.CannotStart);
        Assert.False(attempt.PortTaken);
    }
}
