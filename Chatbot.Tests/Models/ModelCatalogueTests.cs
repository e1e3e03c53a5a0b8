using Chatbot.Core.Gemini;
using Chatbot.Core.Models;

namespace Chatbot.Tests.Models;

/// <summary>The catalogue of Gemini's and the configured models, and the start-up check of the configured ones.</summary>
public sealed class ModelCatalogueTests
{
    private static readonly GeminiOptions Gemini = new() { ApiKey = "key", Model = "gemini-2.5-flash", AllowedModels = ["gemini-2.5-pro"] };

    [Fact]
    public void Configured_models_join_geminis_and_the_chosen_default_comes_first()
    {
        var catalogue = Catalogue(Gemini, "gpt-4o-mini",
            new ConfiguredModel { Id = "gpt-4o-mini", Provider = "azureopenai", Endpoint = "https://example.openai.azure.com", Name = "GPT-4o mini", Vision = true },
            new ConfiguredModel { Id = "llama3.2", Provider = "OpenAI", InputTokenLimit = 4096 });

        Assert.Equal("gpt-4o-mini", catalogue.Default);
        Assert.Equal(["gpt-4o-mini", "gemini-2.5-flash", "gemini-2.5-pro", "llama3.2"], catalogue.All.Select(model => model.Id));
        Assert.Equal(new ModelDescriptor("gpt-4o-mini", "GPT-4o mini", "AzureOpenAI", true, ModelCatalogue.FallbackInputTokenLimit), catalogue.Find("gpt-4o-mini"));
        Assert.Equal(new ModelDescriptor("llama3.2", "llama3.2", "OpenAI", false, 4096), catalogue.Find("llama3.2"));
        Assert.True(catalogue.IsGemini("gemini-2.5-pro"));
        Assert.False(catalogue.IsGemini("llama3.2"));
    }

    [Fact]
    public void Without_a_gemini_key_the_configured_models_alone_are_offered_and_the_first_is_the_default()
    {
        var catalogue = Catalogue(new GeminiOptions { ApiKey = null }, null, new ConfiguredModel { Id = "llama3.2", Provider = "OpenAI" });

        Assert.Equal("llama3.2", catalogue.Default);
        Assert.Equal(["llama3.2"], catalogue.Ids);
    }

    [Theory]
    [InlineData("gpt", "OpenAI", "http://localhost:11434/v1", "gpt", null, "Models:1:Id \"gpt\" is used by another model.")]
    [InlineData("gemini-2.5-pro", "OpenAI", null, "other", null, "Models:0:Id \"gemini-2.5-pro\" is used by another model.")]
    [InlineData("gpt", "OpenAI", null, "", null, "Models:1:Id is required.")]
    [InlineData("gpt", "AzureOpenAI", null, "other", null, "Models:0:Endpoint is required for Azure OpenAI (https://NAME.openai.azure.com).")]
    [InlineData("gpt", "OpenAI", "ftp://example.com", "other", null, "Models:0:Endpoint must be an absolute http(s) URL.")]
    [InlineData("gpt", "Gemini", null, "other", null, "Models:0:Provider must be AzureOpenAI or OpenAI.")]
    [InlineData("gpt", "OpenAI", null, "other", "claude", "Chat:DefaultModel \"claude\" is not one of the models: gemini-2.5-flash, gemini-2.5-pro, gpt, other.")]
    public void A_misconfigured_model_fails_naming_the_setting(string id, string provider, string? endpoint, string secondId, string? defaultModel, string failure)
    {
        var options = Options(defaultModel,
            new ConfiguredModel { Id = id, Provider = provider, Endpoint = endpoint },
            new ConfiguredModel { Id = secondId, Provider = "OpenAI" });

        var result = new ModelOptionsValidator(Microsoft.Extensions.Options.Options.Create(Gemini)).Validate(null, options);

        Assert.Equal([failure], result.Failures);
    }

    [Fact]
    public void A_well_configured_list_passes()
    {
        var options = Options("llama3.2", new ConfiguredModel { Id = "llama3.2", Provider = "OpenAI", Endpoint = "http://localhost:11434/v1" });

        Assert.True(new ModelOptionsValidator(Microsoft.Extensions.Options.Options.Create(Gemini)).Validate(null, options).Succeeded);
    }

    private static ModelCatalogue Catalogue(GeminiOptions gemini, string? defaultModel, params ConfiguredModel[] models)
        => new(Microsoft.Extensions.Options.Options.Create(gemini), Microsoft.Extensions.Options.Options.Create(Options(defaultModel, models)));

    private static ModelOptions Options(string? defaultModel, params ConfiguredModel[] models)
    {
        var options = new ModelOptions { DefaultModel = defaultModel };
        options.Models.AddRange(models);
        return options;
    }
}
