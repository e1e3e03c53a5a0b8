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
        // One loop writes, so messages never interleave on the stream.
        var writing = Task.Run(async () =>
        {
            await foreach (var message in channel.Outbound.ReadAllAsync(context.CancellationToken))
            {
                await responseStream.WriteAsync(message, context.CancellationToken);
            }
        }, context.CancellationToken);

        try
        {
            while (await requestStream.MoveNext(context.CancellationToken))
            {
                channel.Receive(requestStream.Current);
            }
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            // The worker went away; Disconnected below says so.
        }
        finally
        {
            channel.Disconnected();
        }

        await Task.WhenAny(writing);
    }
}
