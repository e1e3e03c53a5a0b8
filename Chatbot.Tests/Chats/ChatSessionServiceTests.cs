using Chatbot.Core.Auth;
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

        var created = await Sessions(service => service.CreateAsync(owner, "First chat", default));
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
        var older = await Sessions(service => service.CreateAsync(alice, "older", default));
        core.Time.Advance(TimeSpan.FromMinutes(1));
        var newer = await Sessions(service => service.CreateAsync(alice, "newer", default));
        await Sessions(service => service.CreateAsync(bob, "bob's", default));

        core.Time.Advance(TimeSpan.FromMinutes(1));
        await core.InScopeAsync<ChatbotDbContext>(db => db.ChatSessions.Where(session => session.Id == older.Id)
            .ExecuteUpdateAsync(setters => setters.SetProperty(session => session.UpdatedAt, core.Time.GetUtcNow().UtcDateTime)));

        var list = await Sessions(service => service.ListAsync(alice, default));

        Assert.Equal([older.Id, newer.Id], list.Select(session => session.Id));
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Another_users_session_is_not_found_for_reading_updating_or_deleting(DatabaseProvider provider)
    {
        core = await CoreServices.StartAsync(provider);
        var alice = await NewUserAsync("alice");
        var mallory = await NewUserAsync("mallory");
        var session = await Sessions(service => service.CreateAsync(alice, "private", default));

        await AssertNotFound(Sessions(service => service.GetAsync(mallory, session.Id, default)));
        await AssertNotFound(Sessions(service => service.UpdateAsync(mallory, session.Id, "mine now", default)));
        await AssertNotFound(core.InScopeAsync<ChatSessionService>(service => service.DeleteAsync(mallory, session.Id, default)));

        Assert.Equal("private", (await Sessions(service => service.GetAsync(alice, session.Id, default))).Title);
    }

    [Fact]
    public async Task A_title_over_255_characters_is_refused()
    {
        core = await CoreServices.StartAsync();
        var owner = await NewUserAsync("owner");

        var problem = await Assert.ThrowsAsync<ProblemException>(() => Sessions(service => service.CreateAsync(owner, new string('t', 256), default)));

        Assert.Equal(["title"], problem.Errors!.Keys);
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Deleting_a_session_deletes_its_messages(DatabaseProvider provider)
    {
        core = await CoreServices.StartAsync(provider);
        var owner = await NewUserAsync("owner");
        var session = await Sessions(service => service.CreateAsync(owner, null, default));
        await core.InScopeAsync<ChatbotDbContext>(async db =>
        {
            db.Messages.Add(new Message { SessionId = session.Id, Prompt = "hi", Response = "hello", Status = MessageStatus.Complete });
            await db.SaveChangesAsync();
        });

        await core.InScopeAsync<ChatSessionService>(service => service.DeleteAsync(owner, session.Id, default));

        Assert.Equal(0, await core.InScopeAsync<ChatbotDbContext, int>(db => db.Messages.CountAsync()));
    }

    private async Task<long> NewUserAsync(string name)
        => (await core.InScopeAsync<AccountService, UserDto>(accounts => accounts.RegisterAsync(name, $"{name}@example.com", $"{name}-password", default))).Id;

    private Task<T> Sessions<T>(Func<ChatSessionService, Task<T>> work) => core.InScopeAsync(work);

    private static async Task AssertNotFound(Task work)
        => Assert.Equal(ProblemKind.NotFound, (await Assert.ThrowsAsync<ProblemException>(() => work)).Kind);
}
