using Chatbot.LocalHost.Rpc;
using Grpc.Core;

namespace Chatbot.LocalHost;

/// <summary>The gRPC service the worker connects to: one bidirectional stream for the whole life of the worker.</summary>
internal sealed class FunctionRpcService(WorkerChannel channel) : FunctionRpc.FunctionRpcBase
{
    public override async Task EventStream(
        IAsyncStreamReader<StreamingMessage> requestStream,
        IServerStreamWriter<StreamingMessage> responseStream,
        ServerCallContext context)
    {
        // The worker connecting now is the one started last: its conversation, to its end.
        var conversation = channel.Current;

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
}
