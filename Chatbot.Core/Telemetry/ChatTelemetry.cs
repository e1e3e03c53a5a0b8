using System.Diagnostics.Metrics;
using Chatbot.Core.Chats;

namespace Chatbot.Core.Telemetry;

/// <summary>
/// The names an operator's telemetry listens to: Gemini calls are traced (and measured: tokens, duration) by
/// Microsoft.Extensions.AI's OpenTelemetry client under <see cref="SourceName"/>, with the GenAI semantic
/// conventions; the app's own counters are on <see cref="MeterName"/>.
/// </summary>
public static class ChatTelemetry
{
    public const string SourceName = "Chatbot.Gemini";

    public const string MeterName = "Chatbot";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> Answers =
        Meter.CreateCounter<long>("chatbot.answers", "{answer}", "Answers that ended, by how they ended (complete, truncated, stopped, failed, blocked).");

    private static readonly Counter<long> Refusals =
        Meter.CreateCounter<long>("chatbot.refusals", "{request}", "Requests refused with 429, by the limit's code.");

    public static void AnswerEnded(MessageStatus status)
        => Answers.Add(1, new KeyValuePair<string, object?>("status", MessageStatuses.Name(status)));

    public static void Refused(string code) => Refusals.Add(1, new KeyValuePair<string, object?>("code", code));
}
