using Chatbot.Core.Chats;
using Chatbot.Core.Data;
using Chatbot.Core.Errors;
using Chatbot.Tests.Fixtures;
using Microsoft.EntityFrameworkCore;

namespace Chatbot.Tests.Chats;

public sealed class ChatSessionServiceTests : IAsyncLifetime
{
    private CoreServices core = null!;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await core.DisposeAsync();

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task A_new_session_belongs_to_its_creator_with_times_in_utc(DatabaseProvider provider)
    {
        core = await CoreServices.StartAsync(provider);
        var owner = await NewUserAsync("owner");

        var created = await Sessions(service => service.CreateAsync(owner, new SessionSettings("First chat", null, null), default));
        var fetched = await Sessions(service => service.GetAsync(owner, created.Id, default));

        Assert.Equal(created, fetched);
        Assert.Equal(owner, created.User);
        Assert.Equal(DateTimeKind.Utc, fetched.StartedAt.Kind);
        Assert.Equal(core.Time.GetUtcNow().UtcDateTime, fetched.StartedAt);
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task The_list_shows_only_the_callers_sessions_most_recently_active_first(DatabaseProvider provider)
    {
        core = await CoreServices.StartAsync(provider);
        var alice = await NewUserAsync("alice");
        var bob = await NewUserAsync("bob");
        var older = await Sessions(service => service.CreateAsync(alice, new SessionSettings("older", null, null), default));
        core.Time.Advance(TimeSpan.FromMinutes(1));
        var newer = await Sessions(service => service.CreateAsync(alice, new SessionSettings("newer", null, null), default));
        await Sessions(service => service.CreateAsync(bob, new SessionSettings("bob's", null, null), default));

        core.Time.Advance(TimeSpan.FromMinutes(1));
        await core.InScopeAsync<ChatbotDbContext>(db => db.ChatSessions.Where(session => session.Id == older.Id)
            .ExecuteUpdateAsync(setters => setters.SetProperty(session => session.UpdatedAt, core.Time.GetUtcNow().UtcDateTime)));

        var list = (await Sessions(service => service.ListAsync(alice, new PageRequest(PageRequest.MaxLimit, null, null), default))).Items;

        Assert.Equal([older.Id, newer.Id], list.Select(session => session.Id));
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Another_users_session_is_not_found_for_reading_updating_or_deleting(DatabaseProvider provider)
    {
        core = await CoreServices.StartAsync(provider);
        var alice = await NewUserAsync("alice");
        var mallory = await NewUserAsync("mallory");
        var session = await Sessions(service => service.CreateAsync(alice, new SessionSettings("private", null, null), default));

        await AssertNotFound(Sessions(service => service.GetAsync(mallory, session.Id, default)));
        await AssertNotFound(Sessions(service => service.UpdateAsync(mallory, session.Id, new SessionSettings("mine now", null, null), default)));
        await AssertNotFound(core.InScopeAsync<ChatSessionService>(service => service.DeleteAsync(mallory, session.Id, default)));

        Assert.Equal("private", (await Sessions(service => service.GetAsync(alice, session.Id, default))).Title);
    }

    [Fact]
    public async Task A_title_over_255_characters_is_refused()
    {
        core = await CoreServices.StartAsync();
        var owner = await NewUserAsync("owner");

        var problem = await Assert.ThrowsAsync<ProblemException>(() => Sessions(service => service.CreateAsync(owner, new SessionSettings(new string('t', 256), null, null), default)));

        Assert.Equal(["title"], problem.Errors!.Keys);
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Deleting_a_session_deletes_its_messages(DatabaseProvider provider)
    {
        core = await CoreServices.StartAsync(provider);
        var owner = await NewUserAsync("owner");
        var session = await Sessions(service => service.CreateAsync(owner, new SessionSettings(null, null, null), default));
        await core.InScopeAsync<ChatbotDbContext>(async db =>
        {
            db.Messages.Add(StoredMessages.Answered(owner, session.Id, null, "hi", "hello"));
            await db.SaveChangesAsync();
        });

        await core.InScopeAsync<ChatSessionService>(service => service.DeleteAsync(owner, session.Id, default));

        Assert.Equal(0, await core.InScopeAsync<ChatbotDbContext, int>(db => db.Messages.CountAsync()));
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task A_patch_changes_only_the_fields_sent_and_null_clears_one(DatabaseProvider provider)
    {
        core = await CoreServices.StartAsync(provider);
        var owner = await NewUserAsync("owner");
        var session = await Sessions(service => service.CreateAsync(owner, new SessionSettings("title", "Answer in French.", "gemini-2.5-pro"), default));

        var renamed = await Sessions(service => service.PatchAsync(owner, session.Id, new SessionPatch(new("renamed"), null, null), default));
        var cleared = await Sessions(service => service.PatchAsync(owner, session.Id, new SessionPatch(null, new(null), null), default));

        Assert.Equal(("renamed", "Answer in French.", "gemini-2.5-pro"), (renamed.Title, renamed.SystemPrompt, renamed.Model));
        Assert.Equal(("renamed", null, "gemini-2.5-pro"), (cleared.Title, cleared.SystemPrompt, cleared.Model));
    }

    [Fact]
    public async Task A_model_outside_the_allowed_list_is_refused_by_name()
    {
        core = await CoreServices.StartAsync();
        var owner = await NewUserAsync("owner");

        var problem = await Assert.ThrowsAsync<ProblemException>(
            () => Sessions(service => service.CreateAsync(owner, new SessionSettings(null, null, "gpt-4"), default)));

        Assert.Contains("gemini-2.5-flash", Assert.Single(problem.Errors!["model"]), StringComparison.Ordinal);
    }

    private async Task<long> NewUserAsync(string name)
        => (await core.RegisterAsync(name, $"{name}@example.com", $"{name}-password")).Id;

    private Task<T> Sessions<T>(Func<ChatSessionService, Task<T>> work) => core.InScopeAsync(work);

    private static async Task AssertNotFound(Task work)
        => Assert.Equal(ProblemKind.NotFound, (await Assert.ThrowsAsync<ProblemException>(() => work)).Kind);
}
