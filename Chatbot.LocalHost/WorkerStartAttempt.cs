namespace Chatbot.LocalHost;

/// <summary>
/// What one start of the worker said about itself. The worker picks its HTTP port by binding port 0 and letting go
/// of it, then binds it again for good only after its start-up: another process can take the port in between (tests
/// and local hosts starting side by side do). That start failed for a reason outside the app, so it is tried again.
/// </summary>
internal sealed class WorkerStartAttempt
{
    /// <summary>How many times a first start whose port was taken is tried again before the host gives up.</summary>
    public const int PortTakenRetries = 3;

    private volatile bool portTaken;

    /// <summary>True once the worker wrote that its HTTP port was taken (Kestrel's "address already in use").</summary>
    public bool PortTaken => portTaken;

    /// <summary>Reads one line of the worker's output.</summary>
    public void Observe(string line)
    {
        if (IsPortTaken(line))
        {
            portTaken = true;
        }
    }

    internal static bool IsPortTaken(string line) =>
        line.Contains("Failed to bind to address", StringComparison.Ordinal)
        && line.Contains("address already in use", StringComparison.Ordinal);
}
