using System.Collections.Frozen;
using System.Linq.Expressions;

namespace Chatbot.Core.Chats;

/// <summary>
/// What the code says about <see cref="MessageStatus"/> values: the name each has in the API, in exports and in
/// telemetry (the database stores the enum's own name), and which of them mean an answer is still in progress.
/// </summary>
public static class MessageStatuses
{
    private static readonly FrozenDictionary<string, MessageStatus> ByName =
        Enum.GetValues<MessageStatus>().ToFrozenDictionary(Name, StringComparer.Ordinal);

    /// <summary>Every name, in the enum's order (pending first, blocked last).</summary>
    public static IReadOnlyList<string> Names { get; } = Enum.GetValues<MessageStatus>().Select(Name).ToArray();

    /// <summary>
    /// An answer in progress, for queries: EF translates it to SQL. It says what <see cref="IsInProgress"/> says; a
    /// method call would not translate, so the two are written side by side.
    /// </summary>
    public static readonly Expression<Func<Message, bool>> InProgress =
        message => message.Status == MessageStatus.Pending || message.Status == MessageStatus.Streaming;

    public static string Name(MessageStatus status) => status switch
    {
        MessageStatus.Pending => "pending",
        MessageStatus.Streaming => "streaming",
        MessageStatus.Complete => "complete",
        MessageStatus.Truncated => "truncated",
        MessageStatus.Stopped => "stopped",
        MessageStatus.Failed => "failed",
        MessageStatus.Blocked => "blocked",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Not a message status."),
    };

    /// <summary>The status named <paramref name="name"/> exactly (names are lower case), as the API and exports write it.</summary>
    public static bool TryParse(string? name, out MessageStatus status)
    {
        status = default;
        return name is not null && ByName.TryGetValue(name, out status);
    }

    /// <summary>A name this code wrote itself; anything else is a bug, not input.</summary>
    public static MessageStatus Parse(string name)
        => TryParse(name, out var status) ? status : throw new ArgumentException($"\"{name}\" is not a message status.", nameof(name));

    /// <summary>The answer is still being produced, somewhere (the in-memory twin of <see cref="InProgress"/>).</summary>
    public static bool IsInProgress(MessageStatus status) => status is MessageStatus.Pending or MessageStatus.Streaming;
}
