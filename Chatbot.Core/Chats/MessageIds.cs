using System.Collections;

namespace Chatbot.Core.Chats;

/// <summary>
/// A list of message ids that compares by its contents, so that a <see cref="MessageDto"/> (a record) equals another
/// with the same siblings, as it does for every other field.
/// </summary>
public sealed class MessageIds(IEnumerable<long> ids) : IReadOnlyList<long>, IEquatable<MessageIds>
{
    private readonly long[] ids = ids.ToArray();

    public static MessageIds Empty { get; } = new([]);

    public int Count => ids.Length;

    public long this[int index] => ids[index];

    public bool Equals(MessageIds? other) => other is not null && ids.AsSpan().SequenceEqual(other.ids);

    public override bool Equals(object? obj) => Equals(obj as MessageIds);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var id in ids)
        {
            hash.Add(id);
        }

        return hash.ToHashCode();
    }

    public override string ToString() => $"[{string.Join(", ", ids)}]";

    public IEnumerator<long> GetEnumerator() => ((IEnumerable<long>)ids).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
