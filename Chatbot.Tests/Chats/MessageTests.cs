using Chatbot.Core.Chats;
using Chatbot.Core.Data;
using Chatbot.Core.Errors;
using Chatbot.Tests.Fakes;
using Chatbot.Tests.Fixtures;
using Microsoft.EntityFrameworkCore;

namespace Chatbot.Tests.Chats;

public sealed class MessageTests : IAsyncLifetime
{
    private FakeGeminiServer gemini = null!;
    private CoreServices core = null!;
    private long owner;
    private long session;

    public async Task InitializeAsync() => gemini = await FakeGeminiServer.StartAsync();

    public async Task DisposeAsync()
    {
        await core.DisposeAsync();
        await gemini.DisposeAsync();
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task A_message_stores_the_prompt_and_geminis_answer_and_moves_the_session_to_the_top(DatabaseProvider provider)
    {
        await StartAsync(provider);
        gemini.Enqueue(GeminiReply.Text("JWT is a signed token."));
        core.Time.Advance(TimeSpan.FromMinutes(5));

        var message = await SendAsync("What is JWT?");

        Assert.Equal(("What is JWT?", "JWT is a signed token.", "complete", "STOP"), (message.Prompt, message.Response, message.Status, message.FinishReason));
        Assert.Equal((11, 7), (message.PromptTokens, message.ResponseTokens));
        Assert.Equal(session, message.Session);
        var stored = await ListAsync(owner, session);
        Assert.Equal([message], stored);
        var moved = await core.InScopeAsync<ChatSessionService, ChatSessionDto>(service => service.GetAsync(owner, session, default));
        Assert.Equal(message.CreatedAt, moved.UpdatedAt);
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Gemini_hears_the_earlier_turns_before_the_new_prompt(DatabaseProvider provider)
    {
        await StartAsync(provider);
        await SendAsync("My name is Ada.");
        await SendAsync("What is my name?");

        var second = gemini.Requests.Last();
        Assert.Equal(
            [("user", "My name is Ada."), ("model", "echo: My name is Ada."), ("user", "What is my name?")],
            second.Contents);
    }

    // The sums behind the next tests: with the default system prompt ("You are a helpful assistant.", 28 bytes,
    // estimated at 10 tokens) the prompt "third" costs 10 + 2 + 8 per turn = 20 tokens. Each earlier turn costs its
    // prompt's estimate (5) + 8 + the 7 answer tokens the fake reports = 20. A limit of 60 leaves 95% of 60 = 57,
    // less 20 for the prompt, = 37 tokens of history: the newest turn fits, the one before does not.
    [Theory]
    [InlineData("gemini")]
    [InlineData("configuration")]
    [InlineData("fallback")]
    public async Task The_oldest_turns_are_dropped_first_when_the_history_outgrows_the_models_input_limit(string limitFrom)
    {
        var settings = new Dictionary<string, string?>();
        gemini.InputTokenLimit = limitFrom switch
        {
            "gemini" => 60,
            "fallback" => null,
            _ => 1_048_576,
        };
        settings[limitFrom == "configuration" ? "Gemini:InputTokenLimit" : "Gemini:FallbackInputTokenLimit"] = "60";
        await StartAsync(DatabaseProvider.Sqlite, settings);

        await SendAsync("first question");
        await SendAsync("second question");
        await SendAsync("third");

        Assert.Equal([("user", "second question"), ("model", "echo: second question"), ("user", "third")], gemini.Requests.Last().Contents);
        Assert.Equal(limitFrom == "configuration" ? 0 : 1, gemini.ModelLookups);
        Assert.DoesNotContain(gemini.Requests, request => request.Method == "countTokens");
        Assert.Equal(limitFrom == "fallback", core.Logs.Entries.Any(entry => entry.Message.Contains("input limit of model gemini-2.5-flash is unknown", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_long_chat_keeps_every_turn_while_the_model_has_room()
    {
        await StartAsync(DatabaseProvider.Sqlite);
        for (var turn = 1; turn <= 30; turn++)
        {
            await SendAsync($"question {turn}: {new string('x', 2_000)}");
        }

        Assert.Equal(59, gemini.Requests.Last().Contents.Count);
    }

    [Fact]
    public async Task A_prompt_too_large_for_the_model_is_refused_before_it_is_stored_or_sent()
    {
        gemini.InputTokenLimit = 60;
        await StartAsync(DatabaseProvider.Sqlite);
        var prompt = string.Concat(Enumerable.Repeat("word ", 80));

        var problem = await Assert.ThrowsAsync<ProblemException>(() => SendAsync(prompt));

        // The fake counts a token per four characters: 400 / 4 for the prompt, 28 / 4 for the system prompt.
        Assert.Equal((ProblemKind.PayloadTooLarge, "prompt_too_large"), (problem.Kind, problem.Code));
        Assert.Equal(107, problem.Extensions!["prompt_tokens"]);
        Assert.Equal(60, problem.Extensions["input_token_limit"]);
        var counted = Assert.Single(gemini.Requests);
        Assert.Equal("countTokens", counted.Method);
        Assert.Equal([prompt, "You are a helpful assistant."], counted.Contents.Select(content => content.Text));
        Assert.Empty(await ListAsync(owner, session));
    }

    [Fact]
    public async Task A_long_prompt_that_gemini_counts_as_fitting_is_sent()
    {
        gemini.InputTokenLimit = 60;
        await StartAsync(DatabaseProvider.Sqlite);
        var prompt = new string('a', 120);

        var message = await SendAsync(prompt);

        Assert.Equal("complete", message.Status);
        Assert.Equal(["countTokens", "generateContent"], gemini.Requests.Select(request => request.Method));
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task A_failed_call_keeps_the_prompt_as_failed_and_leaves_it_out_of_the_history(DatabaseProvider provider)
    {
        await StartAsync(provider);
        gemini.Enqueue(GeminiReply.Error(503, "UNAVAILABLE"), GeminiReply.Error(503, "UNAVAILABLE"), GeminiReply.Error(503, "UNAVAILABLE"));

        var problem = await Assert.ThrowsAsync<ProblemException>(() => SendAsync("lost?"));
        await SendAsync("next");

        Assert.Equal((ProblemKind.Unavailable, "gemini_unavailable"), (problem.Kind, problem.Code));
        var messages = await ListAsync(owner, session);
        Assert.Equal([("lost?", "failed", "gemini_unavailable"), ("next", "complete", null)], messages.Select(m => (m.Prompt, m.Status, m.ErrorCode)));
        Assert.Equal(messages[0].Id, problem.Extensions!["message_id"]);
        Assert.Equal("Gemini is unavailable right now; retry later. Your prompt was saved.", problem.Message);
        Assert.Equal([("user", "next")], gemini.Requests.Last().Contents);
    }

    [Fact]
    public async Task A_rate_limit_answers_too_many_requests_with_googles_delay()
    {
        await StartAsync(DatabaseProvider.Sqlite);
        gemini.Enqueue(GeminiReply.Error(429, "RESOURCE_EXHAUSTED", retryDelay: "47s"));

        var problem = await Assert.ThrowsAsync<ProblemException>(() => SendAsync("hello"));

        Assert.Equal((ProblemKind.TooManyRequests, TimeSpan.FromSeconds(47)), (problem.Kind, problem.RetryAfter));
    }

    [Fact]
    public async Task A_blocked_prompt_is_stored_as_blocked_with_googles_reason()
    {
        await StartAsync(DatabaseProvider.Sqlite);
        gemini.Enqueue(GeminiReply.Blocked("SAFETY"));

        var problem = await Assert.ThrowsAsync<ProblemException>(() => SendAsync("something bad"));

        Assert.Equal((ProblemKind.Unprocessable, "content_blocked"), (problem.Kind, problem.Code));
        Assert.Contains("SAFETY", problem.Message, StringComparison.Ordinal);
        var stored = Assert.Single(await ListAsync(owner, session));
        Assert.Equal(("blocked", "SAFETY"), (stored.Status, stored.FinishReason));
    }

    [Fact]
    public async Task An_answer_cut_at_the_output_limit_is_kept_as_truncated()
    {
        await StartAsync(DatabaseProvider.Sqlite);
        gemini.Enqueue(GeminiReply.Text("A long answer that", finishReason: "MAX_TOKENS"));

        var message = await SendAsync("Tell me everything");

        Assert.Equal(("truncated", "MAX_TOKENS", "A long answer that"), (message.Status, message.FinishReason, message.Response));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public async Task An_empty_prompt_is_refused_before_anything_is_stored(string? prompt)
    {
        await StartAsync(DatabaseProvider.Sqlite);

        var problem = await Assert.ThrowsAsync<ProblemException>(() => SendAsync(prompt));

        Assert.Equal(["prompt"], problem.Errors!.Keys);
        Assert.Empty(gemini.Requests);
    }

    [Fact]
    public async Task A_prompt_over_the_configured_length_is_refused()
    {
        await StartAsync(DatabaseProvider.Sqlite, new() { ["Gemini:MaxPromptCharacters"] = "10" });

        var problem = await Assert.ThrowsAsync<ProblemException>(() => SendAsync("eleven chars"));

        Assert.Equal(["Ensure this field has no more than 10 characters."], problem.Errors!["prompt"]);
    }

    [Fact]
    public async Task Nobody_can_read_or_write_messages_in_another_users_session()
    {
        await StartAsync(DatabaseProvider.Sqlite);
        var mallory = (await core.RegisterAsync("mallory", "m@example.com", "mallory-pass")).Id;

        var send = await Assert.ThrowsAsync<ProblemException>(
            () => core.InScopeAsync<MessageCommands, MessageDto>(service => service.SendAsync(mallory, session, "hi", streamed: false, default).AnsweredAsync()));
        var list = await Assert.ThrowsAsync<ProblemException>(
            () => ListAsync(mallory, session));

        Assert.Equal((ProblemKind.NotFound, ProblemKind.NotFound), (send.Kind, list.Kind));
        Assert.Empty(gemini.Requests);
    }

    [Fact]
    public async Task The_sessions_own_model_and_system_prompt_are_what_gemini_is_asked_with()
    {
        await StartAsync(DatabaseProvider.Sqlite);
        await core.InScopeAsync<ChatSessionService, ChatSessionDto>(service => service.PatchAsync(
            owner, session, new SessionPatch(null, new("Answer like a pirate."), new("gemini-2.5-pro")), default));

        var message = await SendAsync("hello");

        var request = gemini.Requests.Last();
        Assert.Equal(("gemini-2.5-pro", "Answer like a pirate."), (request.Model, request.SystemInstruction));
        Assert.Equal("gemini-2.5-pro", message.Model);
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Regenerating_the_last_message_asks_again_with_the_same_history_and_keeps_the_replaced_answer_beside_it(DatabaseProvider provider)
    {
        await StartAsync(provider);
        await SendAsync("first");
        gemini.Enqueue(GeminiReply.Error(503, "UNAVAILABLE"), GeminiReply.Error(503, "UNAVAILABLE"), GeminiReply.Error(503, "UNAVAILABLE"));
        var failed = await Assert.ThrowsAsync<ProblemException>(() => SendAsync("second"));
        var messageId = (long)failed.Extensions!["message_id"];
        gemini.Enqueue(GeminiReply.Text("second answer"));

        var regenerated = await core.InScopeAsync<MessageCommands, MessageDto>(service => service.RegenerateAsync(owner, session, messageId, streamed: false, default).AnsweredAsync());

        Assert.Equal(("second", "second answer", "complete", null), (regenerated.Prompt, regenerated.Response, regenerated.Status, regenerated.ErrorCode));
        Assert.Equal([messageId, regenerated.Id], regenerated.Siblings);
        Assert.Equal([("user", "first"), ("model", "echo: first"), ("user", "second")], gemini.Requests.Last().Contents);
        var current = await ListAsync(owner, session);
        Assert.Equal([("first", null), ("second", (long?)current[0].Id)], current.Select(message => (message.Prompt, message.Parent)));
        Assert.Equal(regenerated.Id, current[^1].Id);
        var replaced = (await ListAsync(owner, session, allBranches: true)).Single(message => message.Id == messageId);
        Assert.Equal(("failed", "gemini_unavailable", current[0].Id), (replaced.Status, replaced.ErrorCode, replaced.Parent));
    }

    [Fact]
    public async Task Only_the_last_message_can_be_regenerated()
    {
        await StartAsync(DatabaseProvider.Sqlite);
        var first = await SendAsync("first");
        await SendAsync("second");

        var problem = await Assert.ThrowsAsync<ProblemException>(
            () => core.InScopeAsync<MessageCommands, MessageDto>(service => service.RegenerateAsync(owner, session, first.Id, streamed: false, default).AnsweredAsync()));

        Assert.Equal((ProblemKind.Conflict, "not_last_message"), (problem.Kind, problem.Code));
    }

    [Fact]
    public async Task An_untitled_session_is_named_by_gemini_after_its_first_answer()
    {
        await StartAsync(DatabaseProvider.Sqlite, new() { ["Titles:Enabled"] = "true" }, title: null);
        gemini.Default = request => request.LastUserText.StartsWith("Write a title", StringComparison.Ordinal)
            ? GeminiReply.Text("\"JWT basics.\"")
            : GeminiReply.Text($"echo: {request.LastUserText}");

        await SendAsync("What is JWT?");

        Assert.Equal("JWT basics", await WaitForTitleAsync());
    }

    [Fact]
    public async Task A_title_the_user_set_is_never_replaced()
    {
        await StartAsync(DatabaseProvider.Sqlite, new() { ["Titles:Enabled"] = "true" }, title: "Mine");

        await SendAsync("What is JWT?");
        await Task.Delay(500);

        Assert.DoesNotContain(gemini.Requests, request => request.LastUserText.StartsWith("Write a title", StringComparison.Ordinal));
        Assert.Equal("Mine", await TitleAsync());
    }

    private async Task<string?> WaitForTitleAsync()
    {
        for (var waited = 0; waited < 10_000; waited += 50)
        {
            if (await TitleAsync() is { } title)
            {
                return title;
            }

            await Task.Delay(50);
        }

        return null;
    }

    private Task<string?> TitleAsync()
        => core.InScopeAsync<ChatSessionService, string?>(async service => (await service.GetAsync(owner, session, default)).Title);

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task An_answer_whose_heartbeat_stopped_15_s_ago_is_marked_interrupted_keeping_its_part_and_can_be_regenerated(DatabaseProvider provider)
    {
        await StartAsync(provider);
        await SendAsync("answered");
        var abandoned = await AddStreamingAsync(session, "abandoned");
        core.Time.Advance(AbandonedAnswers.MissedHeartbeats + TimeSpan.FromSeconds(1));
        var otherSession = (await core.InScopeAsync<ChatSessionService, ChatSessionDto>(
            service => service.CreateAsync(owner, new SessionSettings("other", null, null), default))).Id;
        var live = await AddStreamingAsync(otherSession, "still streaming");

        var swept = await core.InScopeAsync<AbandonedAnswers, int>(answers => answers.SweepAsync(default));

        Assert.Equal(1, swept);
        var messages = await ListAsync(owner, session);
        Assert.Equal(
            [("answered", "complete", null, "echo: answered"), ("abandoned", "failed", "interrupted", "Once upon")],
            messages.Select(m => (m.Prompt, m.Status, m.ErrorCode, m.Response)));
        var untouched = await ListAsync(owner, otherSession);
        Assert.Equal((live, "streaming"), (untouched.Single().Id, untouched.Single().Status));
        var regenerated = await core.InScopeAsync<MessageCommands, MessageDto>(service => service.RegenerateAsync(owner, session, abandoned, streamed: false, default).AnsweredAsync());
        Assert.Equal(("complete", null, "echo: abandoned"), (regenerated.Status, regenerated.ErrorCode, regenerated.Response));
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task A_transient_session_whose_instance_died_mid_answer_is_removed_by_the_sweep(DatabaseProvider provider)
    {
        await StartAsync(provider);
        var (transient, live) = await core.InScopeAsync<ChatbotDbContext, (long, long)>(async db =>
        {
            var now = core.Time.GetDatabaseNow();
            var sessions = new[] { new ChatSession(), new ChatSession() }.Select(added =>
            {
                added.UserId = owner;
                added.Transient = true;
                added.StartedAt = added.UpdatedAt = now;
                return added;
            }).ToList();
            db.ChatSessions.AddRange(sessions);
            await db.SaveChangesAsync();
            return (sessions[0].Id, sessions[1].Id);
        });
        await AddStreamingAsync(transient, "a /v1/ prompt without store");
        core.Time.Advance(AbandonedAnswers.MissedHeartbeats + TimeSpan.FromSeconds(1));
        await AddStreamingAsync(live, "one still answering");

        var swept = await core.InScopeAsync<AbandonedAnswers, int>(answers => answers.SweepAsync(default));

        Assert.Equal(1, swept);
        var left = await core.InScopeAsync<ChatbotDbContext, List<long>>(db => db.ChatSessions.Where(row => row.Transient).Select(row => row.Id).ToListAsync());
        Assert.Equal([live], left);
        Assert.Equal(1, await core.InScopeAsync<ChatbotDbContext, int>(db => db.Messages.CountAsync()));
        Assert.Equal([session], (await core.InScopeAsync<ChatSessionService, Page<ChatSessionDto>>(
            service => service.ListAsync(owner, new PageRequest(10, null, null), default))).Items.Select(listed => listed.Id));
    }

    /// <summary>A message as an instance leaves it while it streams: part of the answer saved, no generator yet done.</summary>
    private Task<long> AddStreamingAsync(long sessionId, string prompt) => core.InScopeAsync<ChatbotDbContext, long>(async db =>
    {
        var now = core.Time.GetDatabaseNow();
        var parent = await db.Messages.Where(row => row.SessionId == sessionId).MaxAsync(row => (long?)row.Id);
        var message = Message.Ask(await db.OwnerOfAsync(sessionId), sessionId, parent, prompt, "gemini-2.5-flash", streamed: true, now);
        db.Messages.Add(message);
        await db.SaveChangesAsync();
        await db.Messages.Where(row => row.Id == message.Id).ExecuteUpdateAsync(setters => setters.SetProperty(row => row.Response, "Once upon"));
        return message.Id;
    });

    private async Task StartAsync(DatabaseProvider provider, Dictionary<string, string?>? settings = null, string? title = "chat")
    {
        settings ??= [];
        settings["Gemini:BaseUrl"] = gemini.BaseUrl.ToString();
        core = await CoreServices.StartAsync(provider, settings);
        owner = (await core.RegisterAsync("owner", "o@example.com", "owner-pass")).Id;
        session = (await core.InScopeAsync<ChatSessionService, ChatSessionDto>(service => service.CreateAsync(owner, new SessionSettings(title, null, null), default))).Id;
    }

    private Task<MessageDto> SendAsync(string? prompt)
        => core.InScopeAsync<MessageCommands, MessageDto>(service => service.SendAsync(owner, session, prompt, streamed: false, default).AnsweredAsync());

    private Task<IReadOnlyList<MessageDto>> ListAsync(long user, long sessionId, bool allBranches = false)
        => core.InScopeAsync<MessageReader, IReadOnlyList<MessageDto>>(
            async reader => (await reader.ListAsync(user, sessionId, new PageRequest(PageRequest.MaxLimit, null, null), allBranches, default)).Items);
}
