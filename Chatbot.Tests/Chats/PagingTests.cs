using Chatbot.Core.Chats;
using Chatbot.Core.Data;
using Chatbot.Core.Errors;
using Chatbot.Tests.Fixtures;

namespace Chatbot.Tests.Chats;

public sealed class PagingTests : IAsyncLifetime
{
    private CoreServices core = null!;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        // The pure parsing tests never start a database.
        if (core is not null)
        {
            await core.DisposeAsync();
        }
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Message_pages_walk_forward_and_back_by_id_cursors(DatabaseProvider provider)
    {
        core = await CoreServices.StartAsync(provider);
        var (owner, session) = await SessionAsync();
        var ids = await AddMessagesAsync(session, 25);

        var first = await MessagesAsync(owner, session, new PageRequest(10, null, null));
        var second = await MessagesAsync(owner, session, new PageRequest(10, null, first.Items[^1].Id));
        var last = await MessagesAsync(owner, session, new PageRequest(10, null, second.Items[^1].Id));
        var back = await MessagesAsync(owner, session, new PageRequest(10, second.Items[0].Id, null));

        Assert.Equal(ids[..10], first.Items.Select(message => message.Id));
        Assert.Equal(ids[10..20], second.Items.Select(message => message.Id));
        Assert.Equal(ids[20..], last.Items.Select(message => message.Id));
        Assert.Equal((true, true, false), (first.HasNext, second.HasNext, last.HasNext));
        Assert.Equal(first.Items, back.Items);
        Assert.False(back.HasPrevious);
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Session_pages_follow_the_activity_order(DatabaseProvider provider)
    {
        core = await CoreServices.StartAsync(provider);
        var owner = (await core.RegisterAsync("owner", "o@example.com", "owner-pass")).Id;
        var created = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            core.Time.Advance(TimeSpan.FromSeconds(1));
            created.Add((await core.InScopeAsync<ChatSessionService, ChatSessionDto>(service => service.CreateAsync(owner, new SessionSettings($"s{i}", null, null), default))).Id);
        }

        var newestFirst = Enumerable.Reverse(created).ToArray();
        var first = await SessionsAsync(owner, new PageRequest(2, null, null));
        var second = await SessionsAsync(owner, new PageRequest(2, null, first.Items[^1].Id));
        var third = await SessionsAsync(owner, new PageRequest(2, null, second.Items[^1].Id));
        var back = await SessionsAsync(owner, new PageRequest(2, second.Items[0].Id, null));

        Assert.Equal(newestFirst[..2], first.Items.Select(session => session.Id));
        Assert.Equal(newestFirst[2..4], second.Items.Select(session => session.Id));
        Assert.Equal(newestFirst[4..], third.Items.Select(session => session.Id));
        Assert.False(third.HasNext);
        Assert.Equal(first.Items, back.Items);
    }

    [Theory]
    [InlineData("0", null, null, "limit")]
    [InlineData("1001", null, null, "limit")]
    [InlineData("ten", null, null, "limit")]
    [InlineData(null, "-5", null, "before")]
    [InlineData(null, "3", "4", "before")]
    public void A_bad_page_request_names_the_parameter(string? limit, string? before, string? after, string field)
    {
        var problem = Assert.Throws<ProblemException>(() => PageRequest.Parse(limit, before, after));

        Assert.Contains(field, problem.Errors!.Keys);
    }

    [Fact]
    public void Without_a_limit_a_page_holds_at_most_a_thousand()
        => Assert.Equal(1000, PageRequest.Parse(null, null, null).Limit);

    private async Task<(long Owner, long Session)> SessionAsync()
    {
        var owner = (await core.RegisterAsync("owner", "o@example.com", "owner-pass")).Id;
        var session = (await core.InScopeAsync<ChatSessionService, ChatSessionDto>(service => service.CreateAsync(owner, new SessionSettings(null, null, null), default))).Id;
        return (owner, session);
    }

    private Task<long[]> AddMessagesAsync(long session, int count) => core.InScopeAsync<ChatbotDbContext, long[]>(async db =>
    {
        // One line of messages, each after the one before, as a session that was never edited.
        var ids = new long[count];
        var owner = await db.OwnerOfAsync(session);
        for (var i = 0; i < count; i++)
        {
            var message = StoredMessages.Answered(owner, session, i == 0 ? null : ids[i - 1], $"p{i}", $"r{i}");
            db.Messages.Add(message);
            await db.SaveChangesAsync();
            ids[i] = message.Id;
        }

        return ids;
    });

    private Task<Page<MessageDto>> MessagesAsync(long owner, long session, PageRequest page)
        => core.InScopeAsync<MessageReader, Page<MessageDto>>(service => service.ListAsync(owner, session, page, allBranches: false, default));

    private Task<Page<ChatSessionDto>> SessionsAsync(long owner, PageRequest page)
        => core.InScopeAsync<ChatSessionService, Page<ChatSessionDto>>(service => service.ListAsync(owner, page, default));
}
