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
    public void A_fallback_in_the_file_is_the_default_main_bicep_declares()
    {
        // The file repeats a default as "${NAME=fallback}" for azd; the two must not drift apart.
        var supplied = SuppliedParameters();
        foreach (var parameter in DeclaredParameters().Where(parameter => parameter.Default is not null && supplied.ContainsKey(parameter.Name)))
        {
            var fallback = EnvironmentReference().Match(supplied[parameter.Name]).Groups[1];
            if (fallback.Success)
            {
                // The name in both tuples makes a failure say which parameter drifted.
                Assert.Equal((parameter.Name, parameter.Default), (parameter.Name, fallback.Value[1..]));
            }
        }
    }

    [Fact]
    public void The_parser_sees_every_parameter_of_main_bicep()
    {
        var names = DeclaredParameters().Select(parameter => parameter.Name).ToArray();

        Assert.Contains("geminiApiKey", names);
        Assert.True(DeclaredParameters().Single(parameter => parameter.Name == "jwtSigningKey").IsSecure);
        Assert.True(DeclaredParameters().Single(parameter => parameter.Name == "maximumInstanceCount").HasDefault);
        Assert.Equal("true", DeclaredParameters().Single(parameter => parameter.Name == "usePrivateNetworking").Default);
        Assert.Equal("gemini-2.5-flash", DeclaredParameters().Single(parameter => parameter.Name == "geminiModel").Default);
    }

    /// <summary><c>Default</c> is the literal after <c>=</c>, unquoted; null for none or for an expression.</summary>
    private static IReadOnlyList<(string Name, bool HasDefault, bool IsSecure, string? Default)> DeclaredParameters()
    {
        var lines = File.ReadAllLines(Path.Combine(InfraFolder, "main.bicep"));
        var parameters = new List<(string, bool, bool, string?)>();
        for (var i = 0; i < lines.Length; i++)
        {
            if (ParameterLine().Match(lines[i]) is { Success: true } match)
            {
                // Decorators sit on the lines just above: look back to the previous blank or code line.
                var decorators = lines[..i].Reverse().TakeWhile(line => line.TrimStart().StartsWith('@'));
                var defaultValue = match.Groups["default"] is { Success: true } value ? LiteralValue(value.Value.TrimStart()[1..].Trim()) : null;
                parameters.Add((match.Groups["name"].Value, match.Groups["default"].Success, decorators.Any(line => line.Contains("@secure()", StringComparison.Ordinal)), defaultValue));
            }
        }

        return parameters;
    }

    private static string? LiteralValue(string bicep) => bicep switch
    {
        ['\'', .. var text, '\''] when !text.Contains('\'', StringComparison.Ordinal) => text,
        "true" or "false" => bicep,
        _ when long.TryParse(bicep, out _) => bicep,
        _ => null,
    };

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
