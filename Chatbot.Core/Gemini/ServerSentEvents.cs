using System.Runtime.CompilerServices;
using System.Text;

namespace Chatbot.Core.Gemini;

/// <summary>
/// The <c>data</c> of each Server-Sent Event in a stream. Google ends lines with CRLF; StreamReader accepts CRLF and
/// LF alike. Several data lines in one event are joined with a newline, as the SSE standard says.
/// </summary>
internal static class ServerSentEvents
{
    public static async IAsyncEnumerable<string> ReadDataAsync(TextReader reader, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var data = new StringBuilder();
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0)
            {
                if (data.Length > 0)
                {
                    yield return data.ToString();
                    data.Clear();
                }

                continue;
            }

            if (line.StartsWith("data:", StringComparison.Ordinal))
            {
                if (data.Length > 0)
                {
                    data.Append('\n');
                }

                data.Append(line.AsSpan(line.Length > 5 && line[5] == ' ' ? 6 : 5));
            }
        }

        if (data.Length > 0)
        {
            yield return data.ToString();
        }
    }
}
