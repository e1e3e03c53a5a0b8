using System.Text.Json;
using System.Text.RegularExpressions;
using Chatbot.Tests.EndToEnd;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;

namespace Chatbot.Tests.OpenApi;

/// <summary>
/// The checked OpenAPI document (<c>Chatbot.Functions/OpenApi/openapi.json</c>) against what the worker publishes
/// (<c>functions.metadata</c>, written by its build): the same routes and methods, no more and no fewer.
/// </summary>
public sealed partial class OpenApiDocumentTests
{
    /// <summary>Served by the app but not API: the web page, its files and this document's reference page.</summary>
    private static readonly HashSet<string> NotApi = ["WebPage", "WebAsset", "ApiReference"];

    private static string DocumentPath => Path.Combine(LocalHostProcess.RepositoryRoot, "Chatbot.Functions", "OpenApi", "openapi.json");

    [Fact]
    public async Task The_document_reads_without_errors_as_OpenAPI_3_1()
    {
        var (document, diagnostic) = await ReadAsync();

        Assert.Empty(diagnostic.Errors.Select(error => $"{error.Pointer}: {error.Message}"));
        Assert.Equal(OpenApiSpecVersion.OpenApi3_1, diagnostic.SpecificationVersion);
        Assert.Equal("bearer", document.Components!.SecuritySchemes!["bearer"].Scheme);
    }

    [Fact]
    public async Task Its_paths_and_methods_are_exactly_the_functions_the_worker_publishes()
    {
        var (document, _) = await ReadAsync();
        var documented = document.Paths
            .SelectMany(path => path.Value.Operations!.Keys.Select(method => Key(method.Method, path.Key)))
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.Equal(PublishedRoutes(), documented);
    }

    [Fact]
    public async Task Every_error_answer_is_problem_json_and_streams_are_event_streams()
    {
        var (document, _) = await ReadAsync();
        var codes = document.Components!.Schemas!["Problem"].Properties!["code"].Enum!.Select(code => code!.ToString()).ToList();
        foreach (var response in document.Components.Responses!.Values)
        {
            Assert.Contains("application/problem+json", response.Content!.Keys);
        }

        Assert.Contains("gemini_rate_limited", codes);
        var send = document.Paths["/chatsessions/{session_id}/messages/"].Operations![HttpMethod.Post];
        Assert.Contains("text/event-stream", send.Responses!["200"].Content!.Keys);
        Assert.Contains("Link", document.Paths["/chatsessions/"].Operations![HttpMethod.Get].Responses!["200"].Headers!.Keys);
    }

    /// <summary>
    /// Every code the source gives a problem is one the document lists, so a client generated from it knows them all.
    /// The source is read for the two shapes a problem is made in: <c>(ProblemKind.X, "code"</c> and an import's
    /// <c>File("code"</c>. The management command's own refusals never reach HTTP.
    /// </summary>
    [Fact]
    public async Task Every_problem_code_the_source_raises_is_in_the_documents_list()
    {
        var (document, _) = await ReadAsync();
        var listed = document.Components!.Schemas!["Problem"].Properties!["code"].Enum!.Select(code => code!.ToString()).ToHashSet();
        string[] commandLineOnly = ["user_not_found", "wrong_password"];
        var raised = new[] { "Chatbot.Core", "Chatbot.Functions" }
            .SelectMany(project => Directory.EnumerateFiles(Path.Combine(LocalHostProcess.RepositoryRoot, project), "*.cs", SearchOption.AllDirectories))
            .Where(file => !file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(file => RaisedCode().Matches(File.ReadAllText(file)).Select(match => match.Groups["code"].Value))
            .Except(commandLineOnly)
            .ToHashSet();

        Assert.Contains("attachment_not_available", raised);
        Assert.Empty(raised.Where(code => !listed.Contains(code)).Order(StringComparer.Ordinal));
    }

    private static async Task<(OpenApiDocument Document, OpenApiDiagnostic Diagnostic)> ReadAsync()
    {
        await using var file = File.OpenRead(DocumentPath);
        var result = await OpenApiDocument.LoadAsync(file, "json");
        return (result.Document!, result.Diagnostic!);
    }

    /// <summary>"POST chatsessions/{}/messages": methods upper case, parameter names and slashes at either end dropped.</summary>
    private static string Key(string method, string route)
        => $"{method.ToUpperInvariant()} {Parameter().Replace(route.Trim('/'), "{}").ToLowerInvariant()}";

    private static List<string> PublishedRoutes()
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        var metadata = Path.Combine(LocalHostProcess.RepositoryRoot, "Chatbot.Functions", "bin", configuration, "net10.0", "functions.metadata");
        using var functions = JsonDocument.Parse(File.ReadAllText(metadata));
        return functions.RootElement.EnumerateArray()
            .Where(function => !NotApi.Contains(function.GetProperty("name").GetString()!))
            .SelectMany(function => function.GetProperty("bindings").EnumerateArray()
                .Where(binding => binding.GetProperty("type").GetString() == "httpTrigger")
                .SelectMany(binding => binding.GetProperty("methods").EnumerateArray()
                    .Select(method => Key(method.GetString()!, binding.GetProperty("route").GetString()!))))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Parameter();

    [GeneratedRegex(@"(?:ProblemKind\.\w+,\s*|\bFile\()""(?<code>[a-z_]+)""")]
    private static partial Regex RaisedCode();
}
