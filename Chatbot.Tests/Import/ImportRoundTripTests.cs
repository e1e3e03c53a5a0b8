using System.Text.Json;
using Chatbot.Core.Chats;
using Chatbot.Core.Data;
using Chatbot.Functions.Http;
using Chatbot.Tests.Fakes;
using Chatbot.Tests.Fixtures;
using Microsoft.EntityFrameworkCore;

namespace Chatbot.Tests.Import;

/// <summary>Export then import gives the same conversation back, branches and all, on both databases.</summary>
public sealed class ImportRoundTripTests : IAsyncLifetime
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
    public async Task An_exported_tree_imports_as_the_same_tree_with_the_same_current_branch(DatabaseProvider provider)
    {
        await StartAsync(provider);
        await core.InScopeAsync<ChatSessionService, ChatSessionDto>(service => service.PatchAsync(
            owner, session, new SessionPatch(null, new("Be brief."), new("gemini-2.5-pro")), default));
        var first = await SendAsync("first");
        core.Time.Advance(TimeSpan.FromMinutes(1));
        var second = await SendAsync("second");
        core.Time.Advance(TimeSpan.FromMinutes(1));
        var edited = await core.InScopeAsync<MessageCommands, MessageDto>(service => service.EditAsync(owner, session, second.Id, "second, edited", streamed: false, default).AnsweredAsync());
        core.Time.Advance(TimeSpan.FromMinutes(1));
        gemini.Enqueue(GeminiReply.Text("cut short", finishReason: "MAX_TOKENS"));
        await core.RegenerateAsync(owner, session, edited.Id);
        core.Time.Advance(TimeSpan.FromMinutes(1));
        gemini.Enqueue(GeminiReply.Error(503, "UNAVAILABLE"), GeminiReply.Error(503, "UNAVAILABLE"), GeminiReply.Error(503, "UNAVAILABLE"));
        await Assert.ThrowsAnyAsync<Exception>(() => SendAsync("lost"));
        // Back to the first branch: not the newest, so the import must carry the choice, not guess it.
        await core.InScopeAsync<BranchSelector>(selector => selector.SelectAsync(owner, session, second.Id, new PageRequest(10, null, null), default));
        var original = await ExportAsync(owner, session);
        Assert.Equal(5, original.Messages.Count);
        Assert.Equal(second.Id, original.CurrentLeaf);

        var imported = await ImportAsync(owner, Serialize(original));

        var copy = await ExportAsync(owner, Assert.Single(imported).Id);
        AssertSameConversation(original, copy);
        Assert.NotEqual(original.Session.Id, copy.Session.Id);
        Assert.DoesNotContain(copy.Messages, message => original.Messages.Any(old => old.Id == message.Id));
        Assert.Equal(first.Prompt, copy.Messages[0].Prompt);
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task A_current_branch_export_imports_as_that_branch_alone(DatabaseProvider provider)
    {
        await StartAsync(provider);
        await SendAsync("first");
        var second = await SendAsync("second");
        await core.RegenerateAsync(owner, session, second.Id);
        var original = await ExportAsync(owner, session, allBranches: false);

        var imported = await ImportAsync(owner, Serialize(original));

        var copy = await ExportAsync(owner, imported[0].Id);
        AssertSameConversation(original, copy);
        Assert.Equal(copy.Messages[^1].Id, copy.CurrentLeaf);
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Imported_messages_spend_nothing_and_the_next_send_tells_gemini_the_current_branch(DatabaseProvider provider)
    {
        await StartAsync(provider);
        await SendAsync("first");
        var second = await SendAsync("second");
        await core.InScopeAsync<MessageCommands, MessageDto>(service => service.EditAsync(owner, session, second.Id, "second, edited", streamed: false, default).AnsweredAsync());
        await core.InScopeAsync<BranchSelector>(selector => selector.SelectAsync(owner, session, second.Id, new PageRequest(10, null, null), default));
        var file = Serialize(await ExportAsync(owner, session));
        var (reader, _) = await NewUserAsync("reader");
        var requestsBefore = gemini.Requests.Count;

        var imported = await ImportAsync(reader, file);

        Assert.Equal(requestsBefore, gemini.Requests.Count);
        Assert.Equal(0, await core.InScopeAsync<ChatbotDbContext, int>(db => db.UsageLedger.CountAsync(entry => entry.UserId == reader)));
        Assert.Equal(0, (await core.UsageAsync(reader)).Today.Messages);

        await core.InScopeAsync<MessageCommands, MessageDto>(service => service.SendAsync(reader, imported[0].Id, "third", streamed: false, default).AnsweredAsync());

        Assert.Equal(
            [("user", "first"), ("model", "echo: first"), ("user", "second"), ("model", "echo: second"), ("user", "third")],
            gemini.Requests.Last().Contents);
        Assert.Equal(1, (await core.UsageAsync(reader)).Today.Messages);
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task An_answer_exported_while_in_progress_is_imported_as_interrupted_keeping_its_text(DatabaseProvider provider)
    {
        await StartAsync(provider);
        var file = $$"""
            {"session": {"id": 9, "user": 1, "title": "caught mid-answer", "started_at": "2026-11-20T10:00:00Z",
                         "updated_at": "2026-11-20T10:05:00.123456Z", "system_prompt": null, "model": null},
             "messages": [
               {"id": 3, "session": 9, "prompt": "a", "response": "done", "created_at": "2026-11-20T10:00:00Z", "status": "complete",
                "model": "gemini-2.5-flash", "finish_reason": "STOP", "error_code": null, "prompt_tokens": 4, "response_tokens": 2, "parent": null, "siblings": [3]},
               {"id": 4, "session": 9, "prompt": "b", "response": "Once up", "created_at": "2026-11-20T10:05:00Z", "status": "streaming",
                "model": "gemini-2.5-flash", "finish_reason": null, "error_code": null, "prompt_tokens": null, "response_tokens": null, "parent": 3, "siblings": [4]}
             ],
             "current_leaf": 4}
            """;

        var imported = await ImportAsync(owner, file);

        var copy = await ExportAsync(owner, imported[0].Id);
        Assert.Equal(("caught mid-answer", new DateTime(2026, 11, 20, 10, 5, 0, DateTimeKind.Utc).AddTicks(1_234_560)), (copy.Session.Title, copy.Session.UpdatedAt));
        Assert.Equal(
            [("a", "done", "complete", (string?)null, (int?)4), ("b", "Once up", "failed", "interrupted", null)],
            copy.Messages.Select(message => (message.Prompt, message.Response, message.Status, message.ErrorCode, message.PromptTokens)));
        Assert.Equal(copy.Messages[0].Id, copy.Messages[1].Parent);
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Ids_are_assigned_in_the_files_order_not_branch_by_branch(DatabaseProvider provider)
    {
        await StartAsync(provider);
        // 1 ─┬─ 2 ── 3        A deep old branch and a newer shallow one: 4 must stay newer than 3, as it was.
        //    └─ 4
        var file = $$"""
            {"session": {"title": "t", "started_at": "2026-11-20T10:00:00Z", "updated_at": "2026-11-20T10:05:00Z"},
             "messages": [{{Line(1, null)}}, {{Line(2, 1)}}, {{Line(3, 2)}}, {{Line(4, 1)}}], "current_leaf": 3}
            """;

        var imported = await ImportAsync(owner, file);

        var stored = await core.InScopeAsync<ChatbotDbContext, List<(long Id, string Prompt)>>(async db =>
            (await db.Messages.Where(message => message.SessionId == imported[0].Id).OrderBy(message => message.Id)
                .Select(message => new { message.Id, message.Prompt }).ToListAsync()).Select(row => (row.Id, row.Prompt)).ToList());
        Assert.Equal(["1", "2", "3", "4"], stored.Select(row => row.Prompt));
    }

    private static string Line(long id, long? parent)
        => $$"""{"id": {{id}}, "parent": {{(parent is null ? "null" : parent.ToString())}}, "prompt": "{{id}}", "response": "r", "created_at": "2026-11-20T10:00:0{{id}}Z", "status": "complete"}""";

    /// <summary>Everything but the ids, which are new; parents, siblings and the current leaf compared through them.</summary>
    internal static void AssertSameConversation(ConversationExport original, ConversationExport copy)
    {
        Assert.Equal(original.Session with { Id = 0, User = 0 }, copy.Session with { Id = 0, User = 0 });
        Assert.Equal(original.Messages.Count, copy.Messages.Count);
        var newId = original.Messages.Select(message => message.Id).Zip(copy.Messages.Select(message => message.Id)).ToDictionary();
        long? Mapped(long? id) => id is { } old ? newId[old] : null;
        foreach (var (before, after) in original.Messages.Zip(copy.Messages))
        {
            var interrupted = before.Status is "pending" or "streaming";
            Assert.Equal(
                before with
                {
                    Id = after.Id,
                    Session = after.Session,
                    Parent = Mapped(before.Parent),
                    // A current-branch export names siblings it does not hold; only those it holds come back.
                    Siblings = new MessageIds(before.Siblings.Where(newId.ContainsKey).Select(id => newId[id])),
                    Status = interrupted ? "failed" : before.Status,
                    ErrorCode = interrupted ? "interrupted" : before.ErrorCode,
                },
                after);
        }

        Assert.Equal(Mapped(original.CurrentLeaf), copy.CurrentLeaf);
    }

    internal static string Serialize(ConversationExport export) => JsonSerializer.Serialize(export, ApiJsonContext.Default.ConversationExport);

    private async Task StartAsync(DatabaseProvider provider)
    {
        core = await CoreServices.StartAsync(provider, new Dictionary<string, string?> { ["Gemini:BaseUrl"] = gemini.BaseUrl.ToString() });
        (owner, session) = await NewUserAsync("owner");
    }

    private async Task<(long User, long Session)> NewUserAsync(string name)
    {
        var user = (await core.RegisterAsync(name, $"{name}@example.com", $"{name}-password")).Id;
        var created = await core.InScopeAsync<ChatSessionService, ChatSessionDto>(service => service.CreateAsync(user, new SessionSettings("Trip", null, null), default));
        return (user, created.Id);
    }

    private Task<MessageDto> SendAsync(string prompt) => core.SendAsync(owner, session, prompt);

    private Task<ConversationExport> ExportAsync(long user, long sessionId, bool allBranches = true)
        => core.InScopeAsync<MessageReader, ConversationExport>(reader => reader.ExportAsync(user, sessionId, allBranches, default));

    private Task<IReadOnlyList<ChatSessionDto>> ImportAsync(long user, string file)
        => core.ImportAsync(user, file);
}
