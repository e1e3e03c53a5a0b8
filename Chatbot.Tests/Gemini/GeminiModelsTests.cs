using Chatbot.Core.Gemini;
using Chatbot.Tests.Fakes;
using Chatbot.Tests.Fixtures;

namespace Chatbot.Tests.Gemini;

public sealed class GeminiModelsTests : IAsyncLifetime
{
    private FakeGeminiServer gemini = null!;
    private CoreServices core = null!;

    private GeminiModels Models => core.GetRequiredService<GeminiModels>();

    public async Task InitializeAsync()
    {
        gemini = await FakeGeminiServer.StartAsync();
        core = await CoreServices.StartAsync(overrides: new Dictionary<string, string?> { ["Gemini:BaseUrl"] = gemini.BaseUrl.ToString() });
    }

    public async Task DisposeAsync()
    {
        await core.DisposeAsync();
        await gemini.DisposeAsync();
    }

    [Fact]
    public async Task A_models_limit_is_asked_once_then_kept_for_a_day_and_refreshed_after()
    {
        gemini.InputTokenLimit = 1_000;
        var first = await Models.InputTokenLimitAsync("gemini-2.5-flash", default);
        gemini.InputTokenLimit = 2_000;
        var kept = await Models.InputTokenLimitAsync("gemini-2.5-flash", default);
        core.Time.Advance(TimeSpan.FromHours(25));

        var stale = await Models.InputTokenLimitAsync("gemini-2.5-flash", default);
        var refreshed = await WaitForAsync(() => Models.InputTokenLimitAsync("gemini-2.5-flash", default), 2_000);

        Assert.Equal((1_000, 1_000, 1_000, 2_000), (first, kept, stale, refreshed));
        Assert.Equal(2, gemini.ModelLookups);
    }

    [Fact]
    public async Task An_unknown_model_gets_the_fallback_limit_and_is_asked_again_a_minute_later()
    {
        gemini.InputTokenLimit = null;
        var assumed = await Models.InputTokenLimitAsync("gemini-unknown", default);
        gemini.InputTokenLimit = 5_000;
        core.Time.Advance(TimeSpan.FromMinutes(2));

        await Models.InputTokenLimitAsync("gemini-unknown", default);
        var learned = await WaitForAsync(() => Models.InputTokenLimitAsync("gemini-unknown", default), 5_000);

        Assert.Equal((32_768, 5_000), (assumed, learned));
    }

    [Fact]
    public async Task Count_tokens_asks_gemini_with_the_system_instruction_and_says_null_when_it_cannot()
    {
        var counted = await Models.CountTokensAsync("gemini-2.5-flash", "Be brief.", "12345678", default);
        await gemini.DisposeAsync();
        var unanswered = await Models.CountTokensAsync("gemini-2.5-flash", null, "12345678", default);

        // The fake counts a token per four characters: 2 for the prompt and 3 for "Be brief.".
        Assert.Equal((5, (int?)null), (counted, unanswered));
    }

    /// <summary>The refreshed answer arrives in the background; asks until it does, or gives up after a while.</summary>
    private static async Task<int> WaitForAsync(Func<Task<int>> ask, int expected)
    {
        var answer = await ask();
        for (var waited = 0; answer != expected && waited < 5_000; waited += 20)
        {
            await Task.Delay(20);
            answer = await ask();
        }

        return answer;
    }
}
