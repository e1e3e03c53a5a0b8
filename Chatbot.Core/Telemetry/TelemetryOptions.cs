namespace Chatbot.Core.Telemetry;

/// <summary>Setting <c>Telemetry__RecordContent</c>: off by default, so traces never carry a prompt or an answer.</summary>
public sealed class TelemetryOptions
{
    public const string SectionName = "Telemetry";

    /// <summary>Puts prompts and answers into the Gemini spans (Microsoft.Extensions.AI's sensitive data). For debugging only.</summary>
    public bool RecordContent { get; set; }
}
