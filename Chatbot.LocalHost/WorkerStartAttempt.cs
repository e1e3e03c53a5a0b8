namespace Chatbot.LocalHost;

/// <summary>
/// What one start of the worker said about itself, line by line.
/// <list type="bullet">
/// <item>Its port was taken: the worker picks its HTTP port by binding port 0 and letting go of it, then binds it
/// again for good only after its start-up, and another process can take the port in between (tests and local hosts
/// starting side by side do). That start failed for a reason outside the app, so it is tried again.</item>
/// <item>It cannot start (the app's own "Chatbot cannot start:" line: a bad setting, a database it cannot prepare).
/// The worker may already have loaded its functions, since its database is prepared meanwhile; a first worker that
/// says so stops the host with that line rather than being restarted into the same failure.</item>
/// </list>
/// </summary>
internal sealed class WorkerStartAttempt
{
    /// <summary>How many times a first start whose port was taken is tried again before the host gives up.</summary>
    public const int PortTakenRetries = 3;

    public const string CannotStartPrefix = "Chatbot cannot start:";

    private volatile bool portTaken;
    private volatile string? cannotStart;

    /// <summary>True once the worker wrote that its HTTP port was taken (Kestrel's "address already in use").</summary>
    public bool PortTaken => portTaken;

    /// <summary>The worker's own line saying why it cannot start, if it wrote one.</summary>
    public string? CannotStart => cannotStart;

    /// <summary>Reads one line of the worker's output.</summary>
    public void Observe(string line)
    {
        if (IsPortTaken(line))
        {
            portTaken = true;
        }

        if (line.StartsWith(CannotStartPrefix, StringComparison.Ordinal))
        {
            cannotStart ??= line;
        }
    }

    internal static bool IsPortTaken(string line) =>
        line.Contains("Failed to bind to address", StringComparison.Ordinal)
        && line.Contains("address already in use", StringComparison.Ordinal);
}
