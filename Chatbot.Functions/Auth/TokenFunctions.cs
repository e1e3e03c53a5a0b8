using Chatbot.Core.Auth;
using Chatbot.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Chatbot.Functions.Auth;

/// <summary>SimpleJWT's endpoints: obtain (also at the original's <c>/login/</c>), refresh and verify.</summary>
public sealed class TokenFunctions(AccountService accounts)
{
    [Function("Login")]
    public Task<IResult> Login([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "login")] HttpRequest request)
        => ObtainPairAsync(request);

    [Function("ObtainToken")]
    public Task<IResult> ObtainToken([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/token")] HttpRequest request)
        => ObtainPairAsync(request);

    [Function("RefreshToken")]
    public async Task<IResult> Refresh([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/token/refresh")] HttpRequest request)
    {
        var body = await JsonBodyReader.ReadAsync(request, ApiJsonContext.Default.RefreshRequest, request.HttpContext.RequestAborted);
        var pair = await accounts.RefreshAsync(body.Refresh, request.HttpContext.RequestAborted);
        return ApiResults.Ok(pair, ApiJsonContext.Default.TokenPair);
    }

    [Function("VerifyToken")]
    public async Task<IResult> Verify([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/token/verify")] HttpRequest request)
    {
        var body = await JsonBodyReader.ReadAsync(request, ApiJsonContext.Default.VerifyRequest, request.HttpContext.RequestAborted);
        await accounts.VerifyAsync(body.Token, request.HttpContext.RequestAborted);
        return ApiResults.Ok(EmptyResponse.Instance, ApiJsonContext.Default.EmptyResponse);
    }

    private async Task<IResult> ObtainPairAsync(HttpRequest request)
    {
        var body = await JsonBodyReader.ReadAsync(request, ApiJsonContext.Default.LoginRequest, request.HttpContext.RequestAborted);
        var pair = await accounts.LoginAsync(body.Username, body.Password, request.HttpContext.RequestAborted);
        return ApiResults.Ok(pair, ApiJsonContext.Default.TokenPair);
    }
}
