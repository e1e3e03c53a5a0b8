namespace Chatbot.Tests.Infra;

/// <summary>
/// The Azure OpenAI account infra/main.bicep deploys on request: off unless asked for, reachable only with Entra ID
/// (no key exists to leak), and the app's identity may call its models there and do nothing else.
/// </summary>
public sealed class AzureOpenAITemplateTests
{
    private const string CognitiveServicesOpenAIUser = "5e0bd9bd-7b93-4f28-af87-19fc36ad61bd";

    private static CompiledTemplate.Module OpenAI => CompiledTemplate.Main.Modules.Single(module => module.Name == "openai");

    [Fact]
    public void The_account_is_deployed_only_when_the_parameter_asks_for_it()
    {
        Assert.Equal("[parameters('deployAzureOpenAI')]", OpenAI.Condition);
    }

    [Fact]
    public void The_account_refuses_keys()
    {
        var account = Assert.Single(OpenAI.Resources("Microsoft.CognitiveServices/accounts"));

        Assert.Equal("OpenAI", account.GetProperty("kind").GetString());
        Assert.True(account.GetProperty("properties").GetProperty("disableLocalAuth").GetBoolean());
    }

    [Fact]
    public void The_app_identity_is_an_openai_user_of_that_account_only()
    {
        var identity = Assert.Single(OpenAI.ParametersHoldingTheAppIdentity());
        var assignment = Assert.Single(OpenAI.Resources("Microsoft.Authorization/roleAssignments"));
        var properties = assignment.GetProperty("properties");

        Assert.Equal($"[parameters('{identity}')]", properties.GetProperty("principalId").GetString());
        Assert.Equal(CognitiveServicesOpenAIUser, OpenAI.Variable("cognitiveServicesOpenAiUser").GetString());
        Assert.Contains("variables('cognitiveServicesOpenAiUser')", properties.GetProperty("roleDefinitionId").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("[resourceId('Microsoft.CognitiveServices/accounts',", assignment.GetProperty("scope").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_settings_name_the_deployed_model_without_a_key()
    {
        var settings = CompiledTemplate.Main.Modules.Single(module => module.Name == "appsettings");
        var text = settings.Text;

        // A conditional object compiles to createObject('Models__0__Provider', 'AzureOpenAI', …).
        Assert.Contains("'Models__0__Provider', 'AzureOpenAI'", text, StringComparison.Ordinal);
        Assert.Contains("'Models__0__Endpoint', parameters('azureOpenAIEndpoint')", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Models__0__ApiKey", text, StringComparison.Ordinal);
    }
}
