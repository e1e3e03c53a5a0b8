using System.Text.Json;
using System.Text.RegularExpressions;
using Chatbot.Tests.EndToEnd;

namespace Chatbot.Tests.Infra;

/// <summary>infra/main.parameters.json and the parameters infra/main.bicep declares must agree.</summary>
public sealed partial class ParametersFileTests
{
    private static readonly string InfraFolder = Path.Combine(LocalHostProcess.RepositoryRoot, "infra");

    [Fact]
    public void Every_parameter_in_the_file_is_declared_in_main_bicep()
    {
        var declared = DeclaredParameters().Select(parameter => parameter.Name);

        Assert.Empty(SuppliedParameters().Keys.Except(declared));
    }

    [Fact]
    public void Every_required_parameter_is_supplied()
    {
        var required = DeclaredParameters().Where(parameter => !parameter.HasDefault).Select(parameter => parameter.Name);

        Assert.Empty(required.Except(SuppliedParameters().Keys));
    }

    [Fact]
    public void Secure_parameters_come_from_the_environment_never_from_a_literal()
    {
        var supplied = SuppliedParameters();
        foreach (var secure in DeclaredParameters().Where(parameter => parameter.IsSecure && supplied.ContainsKey(parameter.Name)))
        {
            Assert.Matches(EnvironmentReference(), supplied[secure.Name]);
        }
    }

    [Fact]
    public void The_parser_sees_every_parameter_of_main_bicep()
    {
        var names = DeclaredParameters().Select(parameter => parameter.Name).ToArray();

        Assert.Contains("geminiApiKey", names);
        Assert.True(DeclaredParameters().Single(parameter => parameter.Name == "jwtSigningKey").IsSecure);
        Assert.True(DeclaredParameters().Single(parameter => parameter.Name == "maximumInstanceCount").HasDefault);
    }

    private static IReadOnlyList<(string Name, bool HasDefault, bool IsSecure)> DeclaredParameters()
    {
        var lines = File.ReadAllLines(Path.Combine(InfraFolder, "main.bicep"));
        var parameters = new List<(string, bool, bool)>();
        for (var i = 0; i < lines.Length; i++)
        {
            if (ParameterLine().Match(lines[i]) is { Success: true } match)
            {
                // Decorators sit on the lines just above: look back to the previous blank or code line.
                var decorators = lines[..i].Reverse().TakeWhile(line => line.TrimStart().StartsWith('@'));
                parameters.Add((match.Groups["name"].Value, match.Groups["default"].Success, decorators.Any(line => line.Contains("@secure()", StringComparison.Ordinal))));
            }
        }

        return parameters;
    }

    private static Dictionary<string, string> SuppliedParameters()
    {
        using var file = JsonDocument.Parse(File.ReadAllText(Path.Combine(InfraFolder, "main.parameters.json")));
        return file.RootElement.GetProperty("parameters").EnumerateObject()
            .ToDictionary(parameter => parameter.Name, parameter => parameter.Value.GetProperty("value").ToString());
    }

    [GeneratedRegex(@"^param\s+(?<name>\w+)\s+\w+(?<default>\s*=.*)?$")]
    private static partial Regex ParameterLine();

    [GeneratedRegex(@"^\$\{[A-Z_]+(=[^}]*)?\}$")]
    private static partial Regex EnvironmentReference();
}
