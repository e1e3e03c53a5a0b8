using Chatbot.Core.Chats;
using Chatbot.Core.Data;
using Chatbot.Tests.Fakes;
using Chatbot.Tests.Fixtures;

namespace Chatbot.Tests.Import;

/// <summary>
/// ChatGPT's <c>conversations.json</c>, as its data export writes it (Samples/chatgpt-conversations.json): a prompt
/// edited into a second branch, an answer regenerated, a tool call, a hidden system turn, an image.
/// </summary>
public sealed class ChatGptImportTests : IAsyncLifetime
{
    private FakeGeminiServer gemini = null!;
    private CoreServices core = null!;
    private long owner;

    public static string Sample => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Import", "Samples", "chatgpt-conversations.json"));

    public async Task InitializeAsync() => gemini = await FakeGeminiServer.StartAsync();

    public async Task DisposeAsync()
    {
        await core.DisposeAsync();
        await gemini.DisposeAsync();
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Each_conversation_becomes_a_session_with_its_branches_titles_and_times(DatabaseProvider provider)
    {
        await StartAsync(provider);

        var sessions = await core.ImportAsync(owner, Sample);

        Assert.Equal(["Paris trip", "Unanswered"], sessions.Select(session => session.Title));
        Assert.Equal(
            (Utc(2023, 11, 14, 22, 13, 19).AddTicks(1_234_560), Utc(2023, 11, 14, 22, 20, 0).AddTicks(6_543_210)),
            (sessions[0].StartedAt, sessions[0].UpdatedAt));
        Assert.Equal((null, null), (sessions[0].SystemPrompt, sessions[0].Model));

        var paris = await ExportAsync(sessions[0].Id);
        Assert.Equal(
            [
                ("Plan a day in Paris", "Start at the Louvre.", (string?)null),
                ("Plan a day in Paris", "Start at Montmartre.", null),
                ("And lunch?", "Try a bistro.", "Start at the Louvre."),
                ("And dinner?", "Le Comptoir, near Odéon.", "Start at the Louvre."),
                ("What is this?", "The Eiffel Tower.\nIt is 330 m tall.", "Start at Montmartre."),
            ],
            paris.Messages.Select(message => (message.Prompt, message.Response, paris.Messages.SingleOrDefault(other => other.Id == message.Parent)?.Response)));
        Assert.All(paris.Messages, message => Assert.Equal(("complete", "gpt-4o", null, null), (message.Status, message.Model, message.PromptTokens, message.ResponseTokens)));
        Assert.Equal([paris.Messages[0].Id, paris.Messages[1].Id], paris.Messages[1].Siblings);
        Assert.Equal([paris.Messages[2].Id, paris.Messages[3].Id], paris.Messages[3].Siblings);
        Assert.Equal(Utc(2023, 11, 14, 22, 13, 20).AddTicks(5_000_000), paris.Messages[0].CreatedAt);
        Assert.Equal(paris.Messages[4].Id, paris.CurrentLeaf);
        var current = await ListAsync(sessions[0].Id);
        Assert.Equal(["Start at Montmartre.", "The Eiffel Tower.\nIt is 330 m tall."], current.Select(message => message.Response));

        var unanswered = Assert.Single((await ExportAsync(sessions[1].Id)).Messages);
        Assert.Equal(("Hello?", "", "complete", (string?)null), (unanswered.Prompt, unanswered.Response, unanswered.Status, unanswered.Model));
    }

    [Fact]
    public async Task A_send_after_the_import_tells_gemini_the_current_branch_only()
    {
        await StartAsync(DatabaseProvider.Sqlite);
        var sessions = await core.ImportAsync(owner, Sample);
        Assert.Empty(gemini.Requests);

        await core.SendAsync(owner, sessions[0].Id, "How tall is it with the antenna?");

        Assert.Equal(
            [
                ("user", "Plan a day in Paris"), ("model", "Start at Montmartre."),
                ("user", "What is this?"), ("model", "The Eiffel Tower.\nIt is 330 m tall."),
                ("user", "How tall is it with the antenna?"),
            ],
            gemini.Requests.Last().Contents);
    }

    [Fact]
    public async Task An_unanswered_prompt_is_left_out_of_what_gemini_hears()
    {
        await StartAsync(DatabaseProvider.Sqlite);
        var sessions = await core.ImportAsync(owner, Sample);

        await core.SendAsync(owner, sessions[1].Id, "Anyone?");

        Assert.Equal([("user", "Anyone?")], gemini.Requests.Last().Contents);
    }

    private static DateTime Utc(int year, int month, int day, int hour, int minute, int second)
        => new(year, month, day, hour, minute, second, DateTimeKind.Utc);

    private async Task StartAsync(DatabaseProvider provider)
    {
        core = await CoreServices.StartAsync(provider, new Dictionary<string, string?> { ["Gemini:BaseUrl"] = gemini.BaseUrl.ToString() });
        owner = (await core.RegisterAsync("owner", "o@example.com", "owner-pass")).Id;
    }

    private Task<ConversationExport> ExportAsync(long sessionId)
        => core.InScopeAsync<MessageReader, ConversationExport>(reader => reader.ExportAsync(owner, sessionId, allBranches: true, default));

    private Task<IReadOnlyList<MessageDto>> ListAsync(long sessionId)
        => core.InScopeAsync<MessageReader, IReadOnlyList<MessageDto>>(
            async reader => (await reader.ListAsync(owner, sessionId, new PageRequest(PageRequest.MaxLimit, null, null), false, default)).Items);
}
