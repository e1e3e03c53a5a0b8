using Chatbot.LocalHost.Rpc;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;

namespace Chatbot.Tests.EndToEnd;

/// <summary>
/// Another local process that connects to the local host's gRPC port and says it is a worker, as a rogue would. The
/// host's proto is compiled for the server only, so the one method is declared here by its name on the wire.
/// </summary>
internal static class RogueWorker
{
    private static readonly Marshaller<StreamingMessage> Messages = Marshallers.Create(
        message => message.ToByteArray(), StreamingMessage.Parser.ParseFrom);

    private static readonly Method<StreamingMessage, StreamingMessage> EventStream = new(
        MethodType.DuplexStreaming, "AzureFunctionsRpcMessages.FunctionRpc", "EventStream", Messages, Messages);

    /// <summary>
    /// Opens an event stream with <paramref name="workerId"/>, runs <paramref name="meanwhile"/> (requests through the
    /// host that the rogue hopes to receive), and reads what the host sends until it ends the stream or
    /// <paramref name="patience"/> runs out.
    /// </summary>
    public static async Task<Attempt> ConnectAsync(Uri rpcUri, string workerId, Func<Task> meanwhile, TimeSpan patience)
    {
        using var channel = GrpcChannel.ForAddress(rpcUri);
        using var call = channel.CreateCallInvoker().AsyncDuplexStreamingCall(
            EventStream, null, new CallOptions(deadline: DateTime.UtcNow + patience));
        var received = new List<StreamingMessage>();
        var status = StatusCode.OK;
        Task? others = null;
        try
        {
            await call.RequestStream.WriteAsync(new StreamingMessage { StartStream = new StartStream { WorkerId = workerId } });
            others = meanwhile();
            while (await call.ResponseStream.MoveNext(CancellationToken.None))
            {
                received.Add(call.ResponseStream.Current);
            }
        }
        catch (Grpc.Core.RpcException refused)
        {
            status = refused.StatusCode;
        }

        await (others ?? meanwhile());
        return new Attempt(status, received);
    }

    /// <summary>How the host ended the rogue's stream, and everything it sent before.</summary>
    public sealed record Attempt(StatusCode Status, IReadOnlyList<StreamingMessage> Received);
}
