using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Channels;
using Chatbot.LocalHost.Rpc;

namespace Chatbot.LocalHost;

/// <summary>
/// The host's side of the gRPC event stream with one worker process: a queue of messages to send, and the answers
/// the start-up conversation waits for. Invocations are fire-and-forget here: the HTTP answer comes over HTTP.
/// A restarted worker gets a new conversation (see <see cref="WorkerChannel"/>), held by exactly one stream: the first
/// that presents the conversation's <see cref="WorkerId"/> (see <see cref="TryAccept"/>).
/// </summary>
internal sealed class WorkerConversation(ILogger logger, RecentLines recent)
{
    private readonly Channel<StreamingMessage> outbound = Channel.CreateUnbounded<StreamingMessage>(
        new UnboundedChannelOptions { SingleReader = true, SingleWriter = false });

    private readonly TaskCompletionSource<StartStream> connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<WorkerInitResponse> initialized = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<FunctionMetadataResponse> described = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentDictionary<string, TaskCompletionSource<FunctionLoadResponse>> loads = new();

    private int accepted;

    /// <summary>
    /// The id to start this conversation's worker with: fresh for each, and known only to us and the worker it is given
    /// to (see <see cref="WorkerProcess"/>), so presenting it proves a stream is that worker's.
    /// </summary>
    public string WorkerId { get; } = Convert.ToHexString(RandomNumberGenerator.GetBytes(32));

    public ChannelReader<StreamingMessage> Outbound => outbound.Reader;

    public Task<StartStream> Connected => connected.Task;

    public void Send(StreamingMessage message) => outbound.Writer.TryWrite(message);

    public async Task<WorkerInitResponse> InitializeAsync(string appDirectory, CancellationToken cancellationToken)
    {
        var request = new WorkerInitRequest { HostVersion = "4.0.0-chatbot-localhost", WorkerDirectory = appDirectory, FunctionAppDirectory = appDirectory };
        Send(new StreamingMessage { RequestId = NewId(), WorkerInitRequest = request });
        return await initialized.Task.WaitAsync(cancellationToken);
    }

    public async Task<FunctionMetadataResponse> DescribeAsync(string appDirectory, CancellationToken cancellationToken)
    {
        Send(new StreamingMessage { RequestId = NewId(), FunctionsMetadataRequest = new FunctionsMetadataRequest { FunctionAppDirectory = appDirectory } });
        return await described.Task.WaitAsync(cancellationToken);
    }

    public async Task<FunctionLoadResponse> LoadAsync(RpcFunctionMetadata metadata, CancellationToken cancellationToken)
    {
        var answer = loads.GetOrAdd(metadata.FunctionId, _ => new(TaskCreationOptions.RunContinuationsAsynchronously));
        Send(new StreamingMessage
        {
            RequestId = NewId(),
            FunctionLoadRequest = new FunctionLoadRequest { FunctionId = metadata.FunctionId, Metadata = metadata },
        });
        return await answer.Task.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Whether the stream that opened with <paramref name="start"/> is this conversation's worker: its id matches, and no
    /// stream was accepted before. Any other process on this machine can reach our gRPC port; what it is refused, it
    /// never sees (the start-up, the invocations and their headers), and the accepted stream goes on undisturbed.
    /// </summary>
    public bool TryAccept(StartStream start)
    {
        if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(start.WorkerId), Encoding.UTF8.GetBytes(WorkerId))
            || Interlocked.Exchange(ref accepted, 1) != 0)
        {
            return false;
        }

        return connected.TrySetResult(start);
    }

    /// <summary>Everything the accepted worker sends arrives here, on the stream's reading loop.</summary>
    public void Receive(StreamingMessage message)
    {
        switch (message.ContentCase)
        {
            case StreamingMessage.ContentOneofCase.WorkerInitResponse:
                initialized.TrySetResult(message.WorkerInitResponse);
                break;
            case StreamingMessage.ContentOneofCase.FunctionMetadataResponse:
                described.TrySetResult(message.FunctionMetadataResponse);
                break;
            case StreamingMessage.ContentOneofCase.FunctionLoadResponse:
                loads.GetOrAdd(message.FunctionLoadResponse.FunctionId, _ => new(TaskCreationOptions.RunContinuationsAsynchronously))
                    .TrySetResult(message.FunctionLoadResponse);
                break;
            case StreamingMessage.ContentOneofCase.RpcLog:
                WorkerLog.Write(logger, message.RpcLog);
                recent.Add($"[{message.RpcLog.Category}] {message.RpcLog.Message}");
                break;
            case StreamingMessage.ContentOneofCase.InvocationResponse when message.InvocationResponse.Result?.Status == StatusResult.Types.Status.Failure:
                WorkerLog.InvocationFailed(logger, message.InvocationResponse.InvocationId, message.InvocationResponse.Result.Exception?.Message);
                break;
            default:
                break;
        }
    }

    /// <summary>The stream ended (or its worker was replaced): whoever still waits hears it failed.</summary>
    public void Disconnected()
    {
        outbound.Writer.TryComplete();
        var gone = new IOException("The worker closed its event stream.");
        connected.TrySetException(gone);
        initialized.TrySetException(gone);
        described.TrySetException(gone);
        foreach (var load in loads.Values)
        {
            load.TrySetException(gone);
        }
    }

    private static string NewId() => Guid.NewGuid().ToString();
}
