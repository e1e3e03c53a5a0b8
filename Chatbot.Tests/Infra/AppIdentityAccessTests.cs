using System.Text.RegularExpressions;

namespace Chatbot.Tests.Infra;

/// <summary>
/// What infra/main.bicep lets the function app's managed identity do, read from the compiled template: the secrets it
/// uses and no other, and no say over the database server. A stolen app token should be worth as little as can be.
/// </summary>
public sealed partial class AppIdentityAccessTests
{
    private const string KeyVaultSecretsUser = "4633458b-17de-408a-b874-0445c86b69e6";

    [Fact]
    public void The_app_identity_holds_no_role_on_a_whole_key_vault()
    {
        var onAVault = AppRoleAssignments().Where(assignment => assignment.Scope.StartsWith("[resourceId('Microsoft.KeyVault/vaults',", StringComparison.Ordinal));

        Assert.Empty(onAVault.Select(assignment => $"{assignment.Module.Name}: {assignment.Scope}"));
    }

    [Fact]
    public void The_app_may_read_each_secret_its_settings_reference_and_no_other()
    {
        var readers = AppRoleAssignments().Where(assignment => assignment.Roles.Contains(KeyVaultSecretsUser)).ToList();

        Assert.NotEmpty(readers);
        var granted = readers.SelectMany(SecretsScopedTo).Order().ToList();
        Assert.Equal(SecretsTheSettingsReference().Order(), granted);
        Assert.DoesNotContain("postgres-admin-password", granted);
    }

    [Fact]
    public void The_app_identity_is_not_a_postgresql_administrator()
    {
        var declaringAnAdministrator = CompiledTemplate.Main.Modules
            .Where(module => module.Resources("Microsoft.DBforPostgreSQL/flexibleServers/administrators").Any())
            .ToList();

        // The server still has a Microsoft Entra administrator: whoever creates the app's regular role.
        Assert.NotEmpty(declaringAnAdministrator);
        Assert.All(declaringAnAdministrator, module => Assert.Empty(module.ParametersHoldingTheAppIdentity()));
    }

    private static IEnumerable<RoleAssignment> AppRoleAssignments() =>
        from module in CompiledTemplate.Main.Modules
        from parameter in module.ParametersHoldingTheAppIdentity()
        from assignment in module.Resources("Microsoft.Authorization/roleAssignments")
        let properties = assignment.GetProperty("properties")
        where properties.GetProperty("principalId").GetString() == $"[parameters('{parameter}')]"
        select new RoleAssignment(module, assignment.GetProperty("scope").GetString()!, RoleIds(module, properties.GetProperty("roleDefinitionId").GetString()!));

    /// <summary>
    /// The ids of the roles a role definition expression names (several, for a loop over roles): each written out, or
    /// a variable's value, <c>variables('name')</c> or <c>variables('roles').name</c>.
    /// </summary>
    private static IReadOnlyList<string> RoleIds(CompiledTemplate.Module module, string roleDefinition)
    {
        var ids = RoleReference().Matches(roleDefinition).Select(role =>
        {
            if (role.Groups["id"].Success)
            {
                return role.Groups["id"].Value;
            }

            var variable = module.Variable(role.Groups["variable"].Value);
            return (role.Groups["entry"].Success ? variable.GetProperty(role.Groups["entry"].Value) : variable).GetString()!;
        }).ToList();
        Assert.True(ids.Count > 0, $"Cannot read the role in {roleDefinition}.");
        return ids;
    }

    /// <summary>The secrets an assignment is scoped to: one named, or one per entry of a variable it loops over.</summary>
    private static IEnumerable<string> SecretsScopedTo(RoleAssignment assignment)
    {
        var scope = SecretScope().Match(assignment.Scope);
        Assert.True(scope.Success, $"{assignment.Module.Name} lets the app read secrets at {assignment.Scope}, not at one secret.");
        return scope.Groups["name"].Success
            ? [scope.Groups["name"].Value]
            : assignment.Module.Variable(scope.Groups["list"].Value).EnumerateObject().Select(entry => entry.Value.GetString()!);
    }

    /// <summary>The names in the app settings' <c>@Microsoft.KeyVault(SecretUri=…)</c> references.</summary>
    private static IEnumerable<string> SecretsTheSettingsReference()
    {
        var settings = CompiledTemplate.Main.Modules.Single(module => module.Name == "appsettings");
        var references = settings.Strings().Where(text => text.Contains("@Microsoft.KeyVault(", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(references);
        foreach (var reference in references)
        {
            var name = ReferencedSecret().Match(reference);
            Assert.True(name.Success, $"Cannot read the secret's name in {reference}.");
            yield return name.Groups["name"].Success
                ? name.Groups["name"].Value
                : settings.Variable(name.Groups["list"].Value).GetProperty(name.Groups["entry"].Value).GetString()!;
        }
    }

    [GeneratedRegex(@"'(?<id>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})'|variables\('(?<variable>\w+)'\)(?:\.(?<entry>\w+))?")]
    private static partial Regex RoleReference();

    // resourceId('Microsoft.KeyVault/vaults/secrets', <vault>, 'name' | items(variables('list'))[copyIndex()].value)
    [GeneratedRegex(@"^\[resourceId\('Microsoft\.KeyVault/vaults/secrets', parameters\('\w+'\), (?:'(?<name>[^']+)'|items\(variables\('(?<list>\w+)'\)\)\[copyIndex\(\)\]\.value)\)\]$")]
    private static partial Regex SecretScope();

    // format('…secrets/name)', <uri>) or format('…secrets/{1})', <uri>, variables('list').entry)
    [GeneratedRegex(@"secrets/(?:(?<name>[\w-]+)\)'|\{1\}\)', parameters\('\w+'\), variables\('(?<list>\w+)'\)\.(?<entry>\w+)\))")]
    private static partial Regex ReferencedSecret();

    private sealed record RoleAssignment(CompiledTemplate.Module Module, string Scope, IReadOnlyList<string> Roles);
}
