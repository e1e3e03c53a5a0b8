using System.Collections.Concurrent;

namespace Chatbot.LocalHost;

/// <summary>The last lines one worker wrote (its console and its RpcLog messages), to show when it keeps dying.</summary>
internal sealed class RecentLines
{
    private const int Kept = 20;
    private readonly ConcurrentQueue<string> lines = new();

    public void Add(string line)
    {
        lines.Enqueue(line);
        if (lines.Count > Kept)
        {
            lines.TryDequeue(out _);
        }
    }

    public override string ToString() => lines.IsEmpty ? "(none)" : string.Join(Environment.NewLine, lines);
}
