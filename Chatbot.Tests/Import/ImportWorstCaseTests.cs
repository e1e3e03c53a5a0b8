using Chatbot.Core.Auth;
using Chatbot.Core.Data;
using Chatbot.Core.Import;
using Chatbot.Tests.Fixtures;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Chatbot.Tests.Import;

/// <summary>
/// Files shaped to cost the most: an import's work must grow with what it stores, never with its square, and it must
/// still store every message in the file's order.
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

    private async Task StartAsync(DatabaseProvider provider)
    {
        core = await CoreServices.StartAsync(provider);
        owner = (await core.InScopeAsync<AccountService, UserDto>(accounts => accounts.RegisterAsync("owner", "o@example.com", "owner-pass", CoreServices.ClientAddress, default))).Id;
    }
}
