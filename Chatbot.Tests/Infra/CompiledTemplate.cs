using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Chatbot.Tests.EndToEnd;

namespace Chatbot.Tests.Infra;

/// <summary>
/// infra/main.bicep as the ARM template Bicep compiles it to, built with the CLI infra/check.sh fetches. Each module is
/// a nested deployment; what it is given shows in its parameters, what it declares in its template's resources.
/// </summary>
internal sealed partial class CompiledTemplate
{
    private static readonly Lazy<CompiledTemplate> Compiled = new(Compile);

    private readonly JsonElement root;

    private CompiledTemplate(JsonElement root) => this.root = root;

    public static CompiledTemplate Main => Compiled.Value;

    /// <summary>The modules main.bicep deploys, by deployment name.</summary>
    public IEnumerable<Module> Modules => Resources(root)
        .Where(resource => resource.GetProperty("type").GetString() == "Microsoft.Resources/deployments")
        .Select(resource => new Module(resource));

    private static IEnumerable<JsonElement> Resources(JsonElement template)
    {
        // A template in language version 2.0 (what imports and lambdas compile to) keys its resources by symbolic name.
        var resources = template.GetProperty("resources");
        return resources.ValueKind == JsonValueKind.Object ? resources.EnumerateObject().Select(property => property.Value) : resources.EnumerateArray();
    }

    private static CompiledTemplate Compile()
    {
        var version = CliVersion().Match(File.ReadAllText(Path.Combine(LocalHostProcess.RepositoryRoot, "infra", "check.sh"))).Groups[1].Value;
        var cli = Path.Combine(LocalHostProcess.RepositoryRoot, ".tools", "nuget", "azure.bicep.commandline.linux-x64", version, "tools", "bicep");
        if (!File.Exists(cli))
        {
            throw new InvalidOperationException($"No Bicep CLI at {cli}: run bash infra/check.sh once, which fetches it (.ci/run does).");
        }

        var start = new ProcessStartInfo(cli, ["build", Path.Combine("infra", "main.bicep"), "--stdout"])
        {
            WorkingDirectory = LocalHostProcess.RepositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var bicep = Process.Start(start)!;
        var errors = bicep.StandardError.ReadToEndAsync();
        var template = bicep.StandardOutput.ReadToEnd();
        bicep.WaitForExit();
        if (bicep.ExitCode != 0)
        {
            throw new InvalidOperationException($"bicep build failed: {errors.Result}");
        }

        return new CompiledTemplate(JsonDocument.Parse(template).RootElement);
    }

    [GeneratedRegex(@"^version=(\S+)$", RegexOptions.Multiline)]
    private static partial Regex CliVersion();

    /// <summary>A module: its deployment name, the values main.bicep passes it, and the template it deploys.</summary>
    public sealed class Module(JsonElement deployment)
    {
        private JsonElement Template => deployment.GetProperty("properties").GetProperty("template");

        public string Name => deployment.GetProperty("name").GetString()!;

        /// <summary>The expression that decides whether the module is deployed; null when it always is.</summary>
        public string? Condition => deployment.TryGetProperty("condition", out var condition) ? condition.GetString() : null;

        public IEnumerable<JsonElement> Resources(string type) =>
            CompiledTemplate.Resources(Template).Where(resource => resource.GetProperty("type").GetString() == type);

        /// <summary>
        /// The names of the module's parameters that main.bicep binds to the function app's managed identity: the
        /// principalId output of the api module. A parameter is <c>{"value": …}</c>, or an expression that makes one.
        /// </summary>
        public IEnumerable<string> ParametersHoldingTheAppIdentity() =>
            deployment.GetProperty("properties").GetProperty("parameters").EnumerateObject()
                .Where(parameter => parameter.Value.GetRawText() is var value
                    && value.Contains("'Microsoft.Resources/deployments', 'api')", StringComparison.Ordinal)
                    && value.Contains(".outputs.principalId.value", StringComparison.Ordinal))
                .Select(parameter => parameter.Name);

        /// <summary>A variable of the module's template, as the literal Bicep wrote into it.</summary>
        public JsonElement Variable(string name) => Template.GetProperty("variables").GetProperty(name);

        /// <summary>The module's template as JSON text, property names included.</summary>
        public string Text => Template.GetRawText();

        /// <summary>Every string in the module's template, at any depth: where expressions live.</summary>
        public IEnumerable<string> Strings() => StringsIn(Template);

        private static IEnumerable<string> StringsIn(JsonElement element) => element.ValueKind switch
        {
            JsonValueKind.String => [element.GetString()!],
            JsonValueKind.Object => element.EnumerateObject().SelectMany(property => StringsIn(property.Value)),
            JsonValueKind.Array => element.EnumerateArray().SelectMany(StringsIn),
            _ => [],
        };
    }
}
