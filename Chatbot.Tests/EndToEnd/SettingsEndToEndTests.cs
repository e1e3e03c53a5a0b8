using System.Net;
using Chatbot.Core.Data;
using Chatbot.Tests.Fakes;

namespace Chatbot.Tests.EndToEnd;

/// <summary>
/// The app with the settings a user feels switched on: automatic titles, a daily token quota and a small model
/// input limit.
/// </summary>
public sealed class ConfiguredChatbotApp() : ChatbotApp(DatabaseProvider.Sqlite, new Dictionary<string, string?>
{
    ["Titles__Enabled"] = "true",
    ["Quota__DailyTokens"] = "40",
    ["Gemini__InputTokenLimit"] = "200",
});

/// <summary>Titles, quota and the model's input limit through the local host and the real worker.</summary>
public sealed class SettingsEndToEndTests(ConfiguredChatbotApp app) : IClassFixture<ConfiguredChatbotApp>
{
    private const string TitleInstruction = "You write short, plain titles.";

    [Fact]
    public async Task An_untitled_session_is_named_after_its_first_answer_and_a_users_title_is_kept()
    {
        app.Gemini.Default = request => request.SystemInstruction == TitleInstruction
            ? GeminiReply.Text("\"JWT explained.\"")
            : GeminiReply.Text($"echo: {request.LastUserText}");
        var (access, _) = await app.Api.NewUserAsync();
        var untitled = await app.Api.NewSessionAsync(access);
        var named = await app.Api.NewSessionAsync(access, "Mine");

        var answered = await SendAsync(access, untitled, "What is JWT?");
        await SendAsync(access, named, "What is JWT?");

        Assert.Equal(HttpStatusCode.Created, answered.StatusCode);
        Assert.Equal("JWT explained", await WaitForTitleAsync(access, untitled));
        var titling = Assert.Single(app.Gemini.Requests, request => request.SystemInstruction == TitleInstruction);
        Assert.EndsWith("What is JWT?", titling.LastUserText, StringComparison.Ordinal);
        Assert.Equal("Mine", await TitleAsync(access, named));
    }

    [Fact]
    public async Task A_quota_with_too_little_left_for_the_request_answers_429_with_retry_after_before_gemini_is_called()
    {
        var (access, _) = await app.Api.NewUserAsync();

        // The fake reports 11 prompt and 7 answer tokens a message: 18, then 36. A third new session's input (about
        // 12 tokens, with no history) no longer fits in the 4 left of the quota of 40.
        var sessions = new List<long>();
        var statuses = new List<HttpStatusCode>();
        for (var sent = 0; sent < 3; sent++)
        {
            sessions.Add(await app.Api.NewSessionAsync(access, $"quota {sent}"));
            statuses.Add((await SendAsync(access, sessions[^1], $"question {sent}")).StatusCode);
        }

        var calls = app.Gemini.Requests.Count;
        var refused = await SendAsync(access, sessions[^1], "one more");

        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.TooManyRequests], statuses);
        await ApiEndToEndTests.AssertProblem(refused, HttpStatusCode.TooManyRequests, "quota_exceeded");
        Assert.InRange(refused.Headers.RetryAfter?.Delta ?? TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromDays(1));
        Assert.Equal(calls, app.Gemini.Requests.Count);
        var usage = await app.Api.GetJsonAsync(access, "/usage/");
        Assert.Equal((36, 40), (usage.GetProperty("today").GetProperty("total_tokens").GetInt32(), usage.GetProperty("daily_token_quota").GetInt32()));
        Assert.Equal(0, (await app.Api.GetJsonAsync(access, $"/chatsessions/{sessions[^1]}/messages/")).GetArrayLength());
    }

    [Fact]
    public async Task A_prompt_too_large_for_the_model_answers_413_and_is_not_stored()
    {
        var (access, _) = await app.Api.NewUserAsync();
        var session = await app.Api.NewSessionAsync(access, "too large");

        var response = await SendAsync(access, session, new string('a', 1_000));

        // The fake counts a token per four characters: 1,000 / 4 for the prompt and 7 for the default system prompt.
        var problem = await ApiEndToEndTests.AssertProblem(response, HttpStatusCode.RequestEntityTooLarge, "prompt_too_large");
        Assert.Equal((257, 200), (problem.GetProperty("prompt_tokens").GetInt32(), problem.GetProperty("input_token_limit").GetInt32()));
        Assert.Equal(0, (await app.Api.GetJsonAsync(access, $"/chatsessions/{session}/messages/")).GetArrayLength());
    }

    [Fact]
    public async Task Ten_parallel_messages_overshoot_the_quota_by_no_more_than_the_answers_in_progress()
    {
        var (access, _) = await app.Api.NewUserAsync();
        var sessions = await Task.WhenAll(Enumerable.Range(0, 10).Select(index => app.Api.NewSessionAsync(access, $"parallel {index}")));
        var marker = Guid.NewGuid().ToString("N");
        app.Gemini.Default = request => request.LastUserText.Contains(marker, StringComparison.Ordinal)
            ? GeminiReply.Delayed(TimeSpan.FromMilliseconds(300), GeminiReply.Text("slow enough to overlap"))
            : GeminiReply.Text($"echo: {request.LastUserText}");

        var answers = await Task.WhenAll(sessions.Select(session => SendAsync(access, session, $"at once {marker}")));

        // Each answer costs 18 tokens (the fake's 11 + 7); every admitted answer holds a reservation until it settles,
        // so the quota of 40 can be passed only by answers already in progress when it was reached (at most 3).
        var answered = answers.Count(answer => answer.StatusCode == HttpStatusCode.Created);
        foreach (var refused in answers.Where(answer => answer.StatusCode != HttpStatusCode.Created))
        {
            await ApiEndToEndTests.AssertProblem(refused, HttpStatusCode.TooManyRequests, "quota_exceeded");
            Assert.NotNull(refused.Headers.RetryAfter);
        }

        var spent = (await app.Api.GetJsonAsync(access, "/usage/")).GetProperty("today").GetProperty("total_tokens").GetInt64();
        Assert.InRange(answered, 1, 9);
        Assert.Equal(answered * 18, spent);
        Assert.InRange(spent, 1, 40 + (3 * 18));
    }

    private Task<HttpResponseMessage> SendAsync(string access, long session, string prompt)
        => app.Http.SendAsync(ApiClient.Request(HttpMethod.Post, $"/chatsessions/{session}/messages/", access, new { prompt }));

    private async Task<string?> TitleAsync(string access, long session)
        => (await app.Api.GetJsonAsync(access, $"/chatsessions/{session}/")).GetProperty("title").GetString();

    /// <summary>The title is written in the background, after the answer; it is polled for, with a deadline.</summary>
    private async Task<string?> WaitForTitleAsync(string access, long session)
    {
        for (var waited = 0; waited < 10_000; waited += 50)
        {
            if (await TitleAsync(access, session) is { } title)
            {
                return title;
            }

            await Task.Delay(50);
        }

        return null;
    }
}
