using Chatbot.Core.Auth;
using Chatbot.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Chatbot.Functions.Auth;

public sealed class RegisterFunction(AccountService accounts)
{
    [Function("Register")]
    public async Task<IResult> Register([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "register")] HttpRequest request)
    {
        var body = await JsonBodyReader.ReadAsync(request, ApiJsonContext.Default.RegisterRequest, request.HttpContext.RequestAborted);
        var user = await accounts.RegisterAsync(body.Username, body.Email, body.Password, request.HttpContext.RequestAborted);
        return ApiResults.Created(user, ApiJsonContext.Default.UserDto);
    }
}
