using Chatbot.Core.Chats;
using Chatbot.Core.Data;
using Chatbot.Core.Errors;
using Chatbot.Tests.Fakes;
using Chatbot.Tests.Fixtures;
using Microsoft.EntityFrameworkCore;

namespace Chatbot.Tests.Chats;

/// <summary>A session as a tree: editing a prompt, regenerating, switching branches, and what Gemini is sent.</summary>
public sealed class BranchTests : IAsyncLifetime
{
    private FakeGeminiServer gemini = null!;
    private CoreServices core = null!;

    public async Task InitializeAsync() => gemini = await FakeGeminiServer.StartAsync();

    public async Task DisposeAsync()
    {
        await core.DisposeAsync();
        await gemini.DisposeAsync();
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task A_session_never_edited_is_one_line_of_only_children(DatabaseProvider provider)
    {
        var (user, session) = await StartAsync(provider);
        var sent = new List<MessageDto>();
        foreach (var prompt in new[] { "a", "b", "c" })
        {
            sent.Add(await core.SendAsync(user, session, prompt));
        }

        var listed = await core.MessagesAsync(user, session);

        Assert.Equal(sent.Select(message => message.Id), listed.Select(message => message.Id));
        Assert.Equal([null, sent[0].Id, sent[1].Id], listed.Select(message => message.Parent));
        Assert.All(listed, message => Assert.Equal([message.Id], message.Siblings));
        Assert.Equal(listed, await core.MessagesAsync(user, session, allBranches: true));
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task An_edit_answers_a_sibling_with_the_history_before_it_and_keeps_what_followed_on_its_own_branch(DatabaseProvider provider)
    {
        var (user, session) = await StartAsync(provider);
        var a = await core.SendAsync(user, session, "a");
        var b = await core.SendAsync(user, session, "b");
        var c = await core.SendAsync(user, session, "c");

        var edited = await core.EditAsync(user, session, b.Id, "b, better");

        Assert.Equal(("b, better", "echo: b, better", "complete", a.Id), (edited.Prompt, edited.Response, edited.Status, edited.Parent));
        Assert.Equal([b.Id, edited.Id], edited.Siblings);
        Assert.Equal([("user", "a"), ("model", "echo: a"), ("user", "b, better")], gemini.Requests.Last().Contents);
        Assert.Equal([a.Id, edited.Id], (await core.MessagesAsync(user, session)).Select(message => message.Id));
        var tree = await core.MessagesAsync(user, session, allBranches: true);
        Assert.Equal([(a.Id, null), (b.Id, a.Id), (c.Id, b.Id), (edited.Id, a.Id)], tree.Select(message => (message.Id, message.Parent)));
        Assert.Equal([b.Id, edited.Id], tree.Single(message => message.Id == b.Id).Siblings);
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Selecting_a_message_makes_its_branch_current_down_to_its_newest_leaf_and_the_next_prompt_follows_it(DatabaseProvider provider)
    {
        var (user, session) = await StartAsync(provider);
        var a = await core.SendAsync(user, session, "a");
        var b = await core.SendAsync(user, session, "b");
        var c = await core.SendAsync(user, session, "c");
        var edited = await core.EditAsync(user, session, b.Id, "b2");

        var back = await core.SelectAsync(user, session, b.Id);
        Assert.Equal([a.Id, b.Id, c.Id], back.Select(message => message.Id));
        // Selecting the first message goes down to the newest leaf below it: the edit's "b2".
        Assert.Equal([a.Id, edited.Id], (await core.SelectAsync(user, session, a.Id)).Select(message => message.Id));
        await core.SelectAsync(user, session, c.Id);
        var next = await core.SendAsync(user, session, "d");

        Assert.Equal(c.Id, next.Parent);
        Assert.Equal([("user", "a"), ("model", "echo: a"), ("user", "b"), ("model", "echo: b"), ("user", "c"), ("model", "echo: c"), ("user", "d")],
            gemini.Requests.Last().Contents);
        Assert.Equal([a.Id, b.Id, c.Id, next.Id], (await core.MessagesAsync(user, session)).Select(message => message.Id));
        Assert.Equal([a.Id, b.Id, c.Id, next.Id], (await core.SelectAsync(user, session, a.Id)).Select(message => message.Id));
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Editing_the_first_prompt_starts_a_new_root_and_editing_off_the_current_branch_moves_to_it(DatabaseProvider provider)
    {
        var (user, session) = await StartAsync(provider);
        var a = await core.SendAsync(user, session, "a");
        var b = await core.SendAsync(user, session, "b");
        var root = await core.EditAsync(user, session, a.Id, "a2");
        Assert.Null(root.Parent);
        Assert.Equal([a.Id, root.Id], root.Siblings);
        Assert.Equal([("user", "a2")], gemini.Requests.Last().Contents);

        // b is on the branch the user left; editing it goes back there, with that branch's history.
        var sideways = await core.EditAsync(user, session, b.Id, "b2");

        Assert.Equal(a.Id, sideways.Parent);
        Assert.Equal([("user", "a"), ("model", "echo: a"), ("user", "b2")], gemini.Requests.Last().Contents);
        Assert.Equal([a.Id, sideways.Id], (await core.MessagesAsync(user, session)).Select(message => message.Id));
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task An_edit_refused_by_the_limits_stores_nothing_and_leaves_the_current_branch_as_it_was(DatabaseProvider provider)
    {
        var (user, session) = await StartAsync(provider, perMinute: 3);
        var a = await core.SendAsync(user, session, "a");
        var b = await core.SendAsync(user, session, "b");
        var c = await core.SendAsync(user, session, "c");
        var calls = gemini.Requests.Count;

        var refused = await Assert.ThrowsAsync<ProblemException>(() => core.EditAsync(user, session, a.Id, "a2"));

        Assert.Equal("rate_limited", refused.Code);
        Assert.Equal(calls, gemini.Requests.Count);
        Assert.Equal([a.Id, b.Id, c.Id], (await core.MessagesAsync(user, session, allBranches: true)).Select(message => message.Id));
        Assert.Equal([a.Id, b.Id, c.Id], (await core.MessagesAsync(user, session)).Select(message => message.Id));
    }

    [Fact]
    public async Task An_edit_of_a_message_not_in_the_callers_session_is_404_and_a_blank_prompt_400()
    {
        var (user, session) = await StartAsync(DatabaseProvider.Sqlite);
        var mine = await core.SendAsync(user, session, "mine");
        var (stranger, theirs) = await core.UserWithSessionAsync("stranger");
        var other = await core.NewSessionAsync(user);

        var foreign = await Assert.ThrowsAsync<ProblemException>(() => core.EditAsync(stranger, session, mine.Id, "x"));
        var elsewhere = await Assert.ThrowsAsync<ProblemException>(() => core.EditAsync(user, other, mine.Id, "x"));
        var unknownSession = await Assert.ThrowsAsync<ProblemException>(() => core.EditAsync(stranger, theirs, mine.Id, "x"));
        var blank = await Assert.ThrowsAsync<ProblemException>(() => core.EditAsync(user, session, mine.Id, "  "));
        var selectForeign = await Assert.ThrowsAsync<ProblemException>(() => core.SelectAsync(user, other, mine.Id));

        Assert.Equal([ProblemKind.NotFound, ProblemKind.NotFound, ProblemKind.NotFound, ProblemKind.Validation, ProblemKind.NotFound],
            new[] { foreign, elsewhere, unknownSession, blank, selectForeign }.Select(problem => problem.Kind));
        Assert.Single(await core.MessagesAsync(user, session, allBranches: true));
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Export_writes_the_current_branch_or_the_tree_and_names_the_current_leaf(DatabaseProvider provider)
    {
        var (user, session) = await StartAsync(provider);
        var a = await core.SendAsync(user, session, "a");
        var b = await core.SendAsync(user, session, "b");
        var regenerated = await core.RegenerateAsync(user, session, b.Id);

        var current = await ExportAsync(user, session, allBranches: false);
        var all = await ExportAsync(user, session, allBranches: true);

        Assert.Equal([a.Id, regenerated.Id], current.Messages.Select(message => message.Id));
        Assert.Equal([a.Id, b.Id, regenerated.Id], all.Messages.Select(message => message.Id));
        Assert.Equal([regenerated.Id, regenerated.Id], new[] { current.CurrentLeaf, all.CurrentLeaf });
        Assert.Equal([b.Id, regenerated.Id], all.Messages[1].Siblings);
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Deleting_a_session_deletes_its_whole_tree(DatabaseProvider provider)
    {
        var (user, session) = await StartAsync(provider);
        var a = await core.SendAsync(user, session, "a");
        await core.SendAsync(user, session, "b");
        await core.EditAsync(user, session, a.Id, "a2");
        var kept = await core.NewSessionAsync(user);
        await core.SendAsync(user, kept, "kept");

        await core.InScopeAsync<ChatSessionService>(service => service.DeleteAsync(user, session, default));

        Assert.Equal(["kept"], await core.InScopeAsync<ChatbotDbContext, List<string>>(db => db.Messages.Select(message => message.Prompt).ToListAsync()));
    }

    private Task<ConversationExport> ExportAsync(long user, long session, bool allBranches)
        => core.InScopeAsync<MessageReader, ConversationExport>(reader => reader.ExportAsync(user, session, allBranches, default));

    private async Task<(long User, long Session)> StartAsync(DatabaseProvider provider, int? perMinute = null)
    {
        var settings = new Dictionary<string, string?> { ["Gemini:BaseUrl"] = gemini.BaseUrl.ToString() };
        if (perMinute is { } limit)
        {
            settings["Limits:Enabled"] = "true";
            settings["Limits:MessagesPerMinute"] = limit.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        core = await CoreServices.StartAsync(provider, settings);
        return await core.UserWithSessionAsync("owner");
    }
}
