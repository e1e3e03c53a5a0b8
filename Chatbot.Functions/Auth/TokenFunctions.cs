using Chatbot.Core.Auth;
using Chatbot.Core.Limits;
using Chatbot.Functions.Http;
using Chatbot.Functions.Middleware;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace Chatbot.Functions.Auth;

/// <summary>SimpleJWT's endpoints: obtain (also at the original's <c>/login/</c>), refresh and verify.</summary>
public sealed class TokenFunctions(PasswordLogin login, LoginTokens tokens, IOptions<ClientAddressOptions> clientAddresses)
{
    [Function("Login")]
    [PublicFunction]
    public Task<IResult> Login(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "login")] HttpRequest request,
        CancellationToken cancellationToken)
        => ObtainPairAsync(request, cancellationToken);

    [Function("ObtainToken")]
    [PublicFunction]
    public Task<IResult> ObtainToken(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/token")] HttpRequest request,
        CancellationToken cancellationToken)
        => ObtainPairAsync(request, cancellationToken);

    [Function("RefreshToken")]
    [PublicFunction]
    public async Task<IResult> Refresh(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/token/refresh")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var body = await JsonBodyReader.ReadAsync(request, ApiJsonContext.Default.RefreshRequest, cancellationToken);
        return Tokens(await tokens.RefreshAsync(body.Refresh, cancellationToken));
    }

    [Function("VerifyToken")]
    [PublicFunction]
    public async Task<IResult> Verify(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/token/verify")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var body = await JsonBodyReader.ReadAsync(request, ApiJsonContext.Default.VerifyRequest, cancellationToken);
        await tokens.VerifyAsync(body.Token, cancellationToken);
        return ApiResults.Ok(EmptyResponse.Instance, ApiJsonContext.Default.EmptyResponse);
    }

    private async Task<IResult> ObtainPairAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var body = await JsonBodyReader.ReadAsync(request, ApiJsonContext.Default.LoginRequest, cancellationToken);
        return Tokens(await login.LoginAsync(body.Username, body.Password, ClientAddress.Of(request, clientAddresses.Value.TrustedProxyHops), cancellationToken));
    }

    /// <summary>Tokens are credentials: no browser, proxy or CDN may keep a copy of the answer (RFC 6749, section 5.1).</summary>
    private static IResult Tokens(TokenPair pair) => new NoStoreResult(ApiResults.Ok(pair, ApiJsonContext.Default.TokenPair));
}
