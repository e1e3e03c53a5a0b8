using Chatbot.LocalHost.Rpc;
using Grpc.Core;

namespace Chatbot.LocalHost;

/// <summary>
/// The gRPC service the worker connects to: one bidirectional stream for the whole life of the worker. The port is
/// open to every local process, so a stream is served only once it has proved to be the worker we started (see
/// <see cref="WorkerConversation.TryAccept"/>); any other is refused before it is sent anything.
/// </summary>
internal sealed partial class FunctionRpcService(WorkerChannel channel, ILogger<FunctionRpcService> logger) : FunctionRpc.FunctionRpcBase
{
    public override async Task EventStream(
        IAsyncStreamReader<StreamingMessage> requestStream,
        IServerStreamWriter<StreamingMessage> responseStream,
        ServerCallContext context)
    {
        // The worker connecting now is the one started last: its conversation, to its end.
        var conversation = channel.Current;
        if (!await requestStream.MoveNext(context.CancellationToken)
            || requestStream.Current.StartStream is not { } start
            || !conversation.TryAccept(start))
        {
            // Refused without touching the conversation: the worker's own stream goes on as if nothing happened.
            LogRefused(context.Peer);
            throw new Grpc.Core.RpcException(new Status(StatusCode.PermissionDenied, "Only the worker this host started may open its event stream."));
        }

        // One loop writes, so messages never interleave on the stream.
        var writing = Task.Run(async () =>
        {
            await foreach (var message in conversation.Outbound.ReadAllAsync(context.CancellationToken))
            {
                await responseStream.WriteAsync(message, context.CancellationToken);
            }
        }, context.CancellationToken);

        try
        {
            while (await requestStream.MoveNext(context.CancellationToken))
            {
                conversation.Receive(requestStream.Current);
            }
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            // The worker went away; Disconnected below says so.
        }
        finally
        {
            conversation.Disconnected();
        }

        await Task.WhenAny(writing);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a gRPC event stream from {Peer}: it is not the worker this host started.")]
    private partial void LogRefused(string peer);
}
