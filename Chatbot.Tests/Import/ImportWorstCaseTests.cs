using System.Text.Json.Nodes;
using Chatbot.Core.Data;
using Chatbot.Core.Errors;
using Chatbot.Core.Import;
using Chatbot.Tests.Fixtures;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Chatbot.Tests.Import;

/// <summary>
/// Files shaped to cost the most: an import's work must grow with what it stores, never with its square, and it must
/// still store every message in the file's order; a file that would create more than <see cref="ImportRules"/> allows
/// is refused whole, with a 400 that says which limit.
/// </summary>
public sealed class ImportWorstCaseTests : IAsyncLifetime
{
    private CoreServices core = null!;
    private long owner;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await core.DisposeAsync();

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task A_zigzag_tree_is_saved_in_steps_that_each_look_only_at_what_they_insert(DatabaseProvider provider)
    {
        await StartAsync(provider);
        var saves = new List<(int Added, int AlreadySaved)>();

        await using (var scope = core.GetRequiredService<IServiceScopeFactory>().CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ChatbotDbContext>();
            void Count(object? sender, SavingChangesEventArgs e)
            {
                var states = db.ChangeTracker.Entries().Select(entry => entry.State).ToList();
                saves.Add((states.Count(state => state == EntityState.Added), states.Count(state => state != EntityState.Added)));
            }

            db.SavingChanges += Count;
            using var file = System.Text.Json.JsonDocument.Parse(Zigzag(2_000));
            await scope.ServiceProvider.GetRequiredService<ConversationImporter>().ImportAsync(owner, file.RootElement, default);
            db.SavingChanges -= Count;
        }

        // The shape forces a save before every other message; what one save looks through must not grow with the file.
        Assert.InRange(saves.Count, 900, 1_100);
        Assert.All(saves, save => Assert.Equal(0, save.AlreadySaved));
        Assert.InRange(saves.Max(save => save.Added), 1, 4);
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task A_zigzag_tree_gets_its_ids_in_the_files_order_with_every_parent_kept(DatabaseProvider provider)
    {
        await StartAsync(provider);
        const int count = 200;

        var session = Assert.Single(await core.ImportAsync(owner, Zigzag(count)));

        var stored = await core.InScopeAsync<ChatbotDbContext, List<(long Id, long? ParentId, string Prompt, bool OnCurrentBranch)>>(async db =>
            (await db.Messages.Where(message => message.SessionId == session.Id).OrderBy(message => message.Id)
                .Select(message => new { message.Id, message.ParentId, message.Prompt, message.OnCurrentBranch }).ToListAsync())
            .Select(row => (row.Id, row.ParentId, row.Prompt, row.OnCurrentBranch)).ToList());
        Assert.Equal(Enumerable.Range(0, count).Select(index => $"{index}"), stored.Select(row => row.Prompt));
        Assert.Equal(
            Enumerable.Range(0, count).Select(index => ZigzagParent(index) is { } parent ? stored[parent].Id : (long?)null),
            stored.Select(row => row.ParentId));
        // The file's last message is current: the branch from the root down to it, and nothing of the other branch.
        var branch = new HashSet<int>();
        for (int? at = count - 1; at is { } index; at = ZigzagParent(index))
        {
            branch.Add(index);
        }

        Assert.Equal(Enumerable.Range(0, count).Select(branch.Contains), stored.Select(row => row.OnCurrentBranch));
    }

    [Fact]
    public async Task A_chatgpt_comb_whose_answers_repeat_their_turns_is_refused_for_the_text_it_would_store()
    {
        await StartAsync(DatabaseProvider.Sqlite);
        // Every answer is under the answer limit; together they would be 25 million characters from a 0.4 MB file.
        var file = new JsonArray(Comb(spine: 700, textLength: 100)).ToJsonString();

        var problem = await RefusedAsync(file);

        Assert.Equal((ProblemKind.BadRequest, "too_much_text"), (problem.Kind, problem.Code));
        Assert.Equal(
            "Conversation 0 (\"Comb\") takes the file past 20000000 characters of prompts and answers, the most one import may "
            + "store (a ChatGPT answer repeats every turn on its path). Split the file, or leave that conversation out.",
            problem.Message);
        Assert.Equal(0, await core.InScopeAsync<ChatbotDbContext, int>(db => db.ChatSessions.CountAsync()));
    }

    [Fact]
    public async Task A_chatgpt_answer_whose_turns_join_past_the_answer_limit_is_refused_at_its_last_turn()
    {
        await StartAsync(DatabaseProvider.Sqlite);
        var conversation = MalformedImportTests.Conversation("Long");
        var half = new string('a', ImportRules.MaxResponseCharacters / 2);
        conversation["mapping"]!["a1"] = MalformedImportTests.Node("u1", MalformedImportTests.Turn("assistant", half));
        conversation["mapping"]!["a2"] = MalformedImportTests.Node("a1", MalformedImportTests.Turn("assistant", half));
        conversation["current_node"] = "a2";

        var problem = await RefusedAsync(new JsonArray(conversation).ToJsonString());

        Assert.Equal(
            ["Conversation 0 (\"Long\"): This answer joins the assistant turns down to here into 300002 characters; at most 300000 can be imported."],
            problem.Errors!["conversations[0].mapping.a2"]);
    }

    [Fact]
    public async Task A_chatgpt_prompt_longer_than_the_prompt_limit_is_refused_and_one_at_the_limit_imported()
    {
        await StartAsync(DatabaseProvider.Sqlite, new() { ["Gemini:MaxPromptCharacters"] = "10" });
        var conversation = MalformedImportTests.Conversation("Long prompt");
        conversation["mapping"]!["u1"]!["message"]!["content"]!["parts"] = new JsonArray("12345", "12345");

        var problem = await RefusedAsync($"[{conversation.ToJsonString()}]");

        Assert.Equal(
            ["Conversation 0 (\"Long prompt\"): Ensure this field has no more than 10 characters."],
            problem.Errors!["conversations[0].mapping.u1.message.content.parts"]);
        // Parts are joined with a newline: 5 + 1 + 4 characters.
        conversation["mapping"]!["u1"]!["message"]!["content"]!["parts"] = new JsonArray("12345", "1234");
        Assert.Single(await core.ImportAsync(owner, $"[{conversation.ToJsonString()}]"));
    }

    [Theory]
    [InlineData("prompt", 11, "Ensure this field has no more than 10 characters.")]
    [InlineData("response", ImportRules.MaxResponseCharacters + 1, "Ensure this field has no more than 300000 characters.")]
    public async Task An_exported_prompt_or_answer_past_its_limit_is_refused(string field, int length, string message)
    {
        await StartAsync(DatabaseProvider.Sqlite, new() { ["Gemini:MaxPromptCharacters"] = "10" });
        var export = MalformedImportTests.Export();
        export["messages"]![1]![field] = new string('x', length);

        var problem = await RefusedAsync(export.ToJsonString());

        Assert.Equal([$"Conversation 0 (\"Exported\"): {message}"], problem.Errors![$"messages[1].{field}"]);
    }

    [Fact]
    public async Task An_export_of_more_messages_than_an_import_may_create_is_refused_before_any_is_read()
    {
        await StartAsync(DatabaseProvider.Sqlite);
        var export = MalformedImportTests.Export();
        export["messages"] = new JsonArray(Enumerable.Range(0, ImportRules.MaxMessages + 1).Select(_ => (JsonNode)new JsonObject()).ToArray());

        var problem = await RefusedAsync(export.ToJsonString());

        Assert.Equal((ProblemKind.BadRequest, "too_many_messages"), (problem.Kind, problem.Code));
        Assert.Equal("The file holds 20001 messages; at most 20000 can be imported at once. Split it.", problem.Message);
    }

    [Fact]
    public async Task Chatgpt_conversations_that_together_make_more_messages_than_an_import_may_create_are_refused()
    {
        await StartAsync(DatabaseProvider.Sqlite);
        // Each: one prompt answered 10,001 times (regenerations), so two make 20,002 messages.
        JsonObject Regenerated(string title)
        {
            var conversation = MalformedImportTests.Conversation(title);
            var mapping = conversation["mapping"]!.AsObject();
            for (var index = 2; index <= (ImportRules.MaxMessages / 2) + 1; index++)
            {
                mapping[$"a{index}"] = MalformedImportTests.Node("u1", MalformedImportTests.Turn("assistant", "Again."));
            }

            return conversation;
        }

        var problem = await RefusedAsync(new JsonArray(Regenerated("First"), Regenerated("Second")).ToJsonString());

        Assert.Equal((ProblemKind.BadRequest, "too_many_messages"), (problem.Kind, problem.Code));
        Assert.Equal("Conversation 1 (\"Second\") takes the file past 20000 messages, the most one import may create. Split the file.", problem.Message);
        Assert.Equal(0, await core.InScopeAsync<ChatbotDbContext, int>(db => db.ChatSessions.CountAsync()));
    }

    /// <summary>
    /// One prompt, a spine of <paramref name="spine"/> assistant turns and a leaf beside every one: each path down to
    /// a leaf is an answer joining every turn on it (see bench/import_files.py).
    /// </summary>
    internal static JsonObject Comb(int spine, int textLength)
    {
        var text = new string('y', textLength);
        var mapping = new JsonObject
        {
            ["root"] = MalformedImportTests.Node(null, null),
            ["u1"] = MalformedImportTests.Node("root", MalformedImportTests.Turn("user", "Tell me everything.")),
        };
        var above = "u1";
        for (var index = 0; index < spine; index++)
        {
            mapping[$"s{index}"] = MalformedImportTests.Node(above, MalformedImportTests.Turn("assistant", text));
            mapping[$"l{index}"] = MalformedImportTests.Node($"s{index}", MalformedImportTests.Turn("assistant", text));
            above = $"s{index}";
        }

        return new JsonObject
        {
            ["title"] = "Comb",
            ["create_time"] = 1700000000.0,
            ["mapping"] = mapping,
            ["current_node"] = $"l{spine - 1}",
        };
    }

    /// <summary>
    /// 0 ─ 1 ─ 2 is one branch and 0 ─ 3 the other; then the file alternates between them two messages at a time, so
    /// every other message is shallower than the one before it (see bench/import_files.py).
    /// </summary>
    internal static int? ZigzagParent(int index) => index switch
    {
        0 => null,
        3 => 0,
        <= 2 => index - 1,
        _ when index % 2 == 0 => index - 1,
        _ => index - 3,
    };

    /// <summary>Our export of a zigzag of <paramref name="count"/> messages, the last one current.</summary>
    internal static string Zigzag(int count)
    {
        var messages = Enumerable.Range(0, count).Select(index =>
            $$"""{"id": {{index + 1}}, "parent": {{(ZigzagParent(index) is { } parent ? $"{parent + 1}" : "null")}}, "prompt": "{{index}}", "response": "r", "created_at": "2026-11-20T10:00:00Z", "status": "complete"}""");
        return $$"""
            {"session": {"title": "zigzag", "started_at": "2026-11-20T10:00:00Z", "updated_at": "2026-11-20T10:05:00Z"},
             "messages": [{{string.Join(",", messages)}}], "current_leaf": {{count}}}
            """;
    }

    private async Task<ProblemException> RefusedAsync(string file)
        => await Assert.ThrowsAsync<ProblemException>(() => core.ImportAsync(owner, file));

    private async Task StartAsync(DatabaseProvider provider, Dictionary<string, string?>? overrides = null)
    {
        core = await CoreServices.StartAsync(provider, overrides);
        owner = (await core.RegisterAsync("owner", "o@example.com", "owner-pass")).Id;
    }
}
