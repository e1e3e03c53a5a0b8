using System.Threading.Channels;

namespace Chatbot.Core.Chats;

/// <summary>
/// One answer on its way, as its caller sees it: the events <see cref="AnswerRunner"/> writes, in order (started,
/// deltas when streamed, then completed or failed). A streamed caller forwards them as they come; any other caller
/// awaits the last one. Both read the same events, written by the same code.
/// </summary>
public sealed class AnswerRun
{
    private readonly Channel<MessageEvent> events =
        Channel.CreateUnbounded<MessageEvent>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });

    internal AnswerRun(MessageDto started, bool streamed)
    {
        Streamed = streamed;
        events.Writer.TryWrite(new MessageEvent.Started(started));
    }

    /// <summary>Whether the caller asked for the answer piece by piece.</summary>
    public bool Streamed { get; }

    /// <summary>
    /// The events as they come. A reader that goes away (<paramref name="readerGone"/>) stops reading, not the
    /// answer: it is still completed and stored, and the message list shows it.
    /// </summary>
    public IAsyncEnumerable<MessageEvent> ReadAllAsync(CancellationToken readerGone) => events.Reader.ReadAllAsync(readerGone);

    /// <summary>The stored message once the answer has ended; a failure of the model is thrown as its problem.</summary>
    public async Task<MessageDto> AnsweredAsync()
    {
        MessageEvent? last = null;
        await foreach (var item in events.Reader.ReadAllAsync())
        {
            last = item;
        }

        return last switch
        {
            MessageEvent.Completed completed => completed.Message,
            MessageEvent.Failed failed => throw failed.Problem,
            _ => throw new InvalidOperationException("The answer ended without saying how."),
        };
    }

    internal void Write(MessageEvent item) => events.Writer.TryWrite(item);

    /// <summary>
    /// No more events. After a crash, a caller awaiting the answer gets the exception; a streamed one sees its stream
    /// end without a last event, as a client that lost the connection would.
    /// </summary>
    internal void End(Exception? crash = null) => events.Writer.TryComplete(Streamed ? null : crash);
}
