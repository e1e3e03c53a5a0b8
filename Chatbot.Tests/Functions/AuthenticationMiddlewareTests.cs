using Chatbot.Core.Auth;
using Chatbot.Core.Errors;
using Chatbot.Functions.Http;
using Chatbot.Functions.Middleware;
using Chatbot.Tests.Fixtures;
using Microsoft.Azure.Functions.Worker;

namespace Chatbot.Tests.Functions;

/// <summary>Deny by default: only a public function runs without a valid access token; the caller is handed to the function.</summary>
public sealed class AuthenticationMiddlewareTests : IAsyncLifetime
{
    private const string ProtectedFunction = "Chatbot.Functions.Chats.ChatSessionFunctions.List";
    private const string PublicFunction = "Chatbot.Functions.Health.HealthFunction.Run";

    private CoreServices core = null!;
    private bool ran;

    public async Task InitializeAsync() => core = await CoreServices.StartAsync();

    public async Task DisposeAsync() => await core.DisposeAsync();

    [Fact]
    public async Task A_public_function_runs_without_credentials_and_has_no_user()
    {
        var context = TestInvocation.For(PublicFunction, TestHttp.Context());

        Assert.True(await RunsAsync(context));
        Assert.Throws<InvalidOperationException>(() => context.GetUser());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Bearer")]
    [InlineData("Bearer ")]
    [InlineData("Basic dXNlcjpwYXNz")]
    public async Task A_protected_function_without_a_bearer_token_is_401_not_authenticated(string? authorization)
    {
        var problem = await RefusalAsync(ProtectedFunction, authorization);

        (await TestHttp.ExecuteAsync(ProblemResult.From(problem))).AssertProblem(401, "not_authenticated");
    }

    [Fact]
    public async Task A_function_that_cannot_be_found_is_protected()
    {
        var problem = await RefusalAsync("Chatbot.Functions.Gone.Function.Run", authorization: null);

        Assert.Equal("not_authenticated", problem.Code);
    }

    [Fact]
    public async Task A_bad_token_is_401_token_not_valid()
    {
        var problem = await RefusalAsync(ProtectedFunction, "Bearer not-a-token");

        (await TestHttp.ExecuteAsync(ProblemResult.From(problem))).AssertProblem(401, "token_not_valid");
    }

    [Fact]
    public async Task A_refresh_token_is_not_an_access_token()
    {
        var (_, tokens) = await NewUserAsync();

        Assert.Equal("token_not_valid", (await RefusalAsync(ProtectedFunction, $"Bearer {tokens.Refresh}")).Code);
    }

    [Theory]
    [InlineData("Bearer {0}")]
    [InlineData("bearer {0}")]
    [InlineData("Bearer   {0}  ")]
    public async Task A_valid_access_token_runs_the_function_as_its_user(string authorization)
    {
        var (user, tokens) = await NewUserAsync();
        await core.InScopeAsync<IServiceProvider>(async services =>
        {
            var context = Invocation(ProtectedFunction, string.Format(System.Globalization.CultureInfo.InvariantCulture, authorization, tokens.Access), services);

            Assert.True(await RunsAsync(context));
            Assert.Equal(user.Id, context.GetUser().Id);
        });
    }

    private static FunctionContext Invocation(string entryPoint, string? authorization, IServiceProvider services)
    {
        var http = TestHttp.Context();
        if (authorization is not null)
        {
            http.Request.Headers.Authorization = authorization;
        }

        return TestInvocation.For(entryPoint, http, services);
    }

    private async Task<bool> RunsAsync(FunctionContext context)
    {
        await new AuthenticationMiddleware().Invoke(context, Next);
        return ran;
    }

    private Task<ProblemException> RefusalAsync(string entryPoint, string? authorization)
        => core.InScopeAsync<IServiceProvider, ProblemException>(async services =>
        {
            var problem = await Assert.ThrowsAsync<ProblemException>(
                () => new AuthenticationMiddleware().Invoke(Invocation(entryPoint, authorization, services), Next));
            Assert.False(ran, "The function ran for a caller who was refused.");
            return problem;
        });

    private Task Next(FunctionContext context)
    {
        ran = true;
        return Task.CompletedTask;
    }

    private async Task<(UserDto User, TokenPair Tokens)> NewUserAsync()
    {
        var username = $"user{Guid.NewGuid():N}"[..20];
        var user = await core.RegisterAsync(username, $"{username}@example.com", "testpass");
        return (user, await core.LoginAsync(username, "testpass"));
    }
}
