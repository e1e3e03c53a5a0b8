using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Primitives;

namespace Chatbot.Tests.Functions;

/// <summary>Real <see cref="DefaultHttpContext"/>s to read requests from and to execute results against.</summary>
internal static class TestHttp
{
    /// <summary>What executing a result needs from the request's services: the JSON results log.</summary>
    public static IServiceProvider Services { get; } = new ServiceCollection().AddLogging().BuildServiceProvider();

    public static DefaultHttpContext Context(string method = "GET", string path = "/", string? query = null)
    {
        var context = new DefaultHttpContext { RequestServices = Services };
        context.Request.Method = method;
        context.Request.Path = path;
        context.Request.QueryString = query is null ? QueryString.Empty : new QueryString(query);
        context.Response.Body = new MemoryStream();
        return context;
    }

    /// <summary>A POST whose body is <paramref name="body"/>, with its Content-Length as a client would send it.</summary>
    public static HttpRequest Post(string body, string? contentType = "application/json")
    {
        var request = Context("POST").Request;
        var bytes = Encoding.UTF8.GetBytes(body);
        request.Body = new MemoryStream(bytes);
        request.ContentLength = bytes.Length;
        request.ContentType = contentType;
        return request;
    }

    public static async Task<ExecutedResult> ExecuteAsync(IResult result, HttpContext? context = null)
    {
        context ??= Context();
        await result.ExecuteAsync(context);
        context.Response.Body.Position = 0;
        using var reader = new StreamReader(context.Response.Body, Encoding.UTF8);
        return new ExecutedResult(context.Response.StatusCode, context.Response.Headers, await reader.ReadToEndAsync());
    }
}

/// <summary>A result as the client would see it: status, headers and body.</summary>
internal sealed record ExecutedResult(int Status, IHeaderDictionary Headers, string Body)
{
    public StringValues Header(string name) => Headers.TryGetValue(name, out var value) ? value : StringValues.Empty;

    public JsonElement Json() => JsonSerializer.Deserialize<JsonElement>(Body);

    /// <summary>Asserts a problem+json answer with <paramref name="status"/> and <paramref name="code"/>; returns its body.</summary>
    public JsonElement AssertProblem(int status, string code)
    {
        Assert.True(status == Status, $"Expected {status}, got {Status}: {Body}");
        Assert.Equal("application/problem+json", Header("Content-Type").ToString());
        var problem = Json();
        Assert.Equal((status, code), (problem.GetProperty("status").GetInt32(), problem.GetProperty("code").GetString()));
        return problem;
    }
}
