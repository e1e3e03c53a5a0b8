using System.Text.Json;
using Chatbot.Core.Chats;
using Chatbot.Core.Data;
using Chatbot.Core.Errors;
using Chatbot.Core.Operators;
using Chatbot.Core.Usage;
using Chatbot.Tests.Fixtures;
using Microsoft.EntityFrameworkCore;

namespace Chatbot.Tests.Operators;

public sealed class AdminChatsTests : CoreTest
{
    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task An_admin_reads_another_users_sessions_and_every_branch_and_each_read_is_audited(DatabaseProvider provider)
    {
        await UseAsync(provider);
        var admin = await Core.AdminAsync("root");
        var (owner, session) = await Core.UserWithSessionAsync("erika");
        var (first, edited) = await TwoBranchesAsync(owner, session);

        var sessions = await Chats(chats => chats.ListSessionsAsync(CoreOperators.Actor(admin), owner, CoreOperators.AllInOnePage, default));
        var messages = await Chats(chats => chats.ListMessagesAsync(CoreOperators.Actor(admin), session, CoreOperators.AllInOnePage, default));

        Assert.Equal([session], sessions.Items.Select(item => item.Id));
        Assert.Equal([first, edited], messages.Items.Select(message => message.Id));
        var reads = (await Core.AuditAsync(new AuditFilter(AuditActions.ChatRead, owner))).Items;
        Assert.Equal(2, reads.Count);
        Assert.All(reads, line => Assert.Equal((admin, "user", $"{owner}"), (line.Actor!.Value, line.TargetType, line.TargetId)));
        Assert.Equal(session, JsonDocument.Parse(reads[0].Detail!).RootElement.GetProperty("chatsession_id").GetInt64());
    }

    [Fact]
    public async Task An_admin_reading_their_own_chat_writes_no_audit_line()
    {
        var admin = await Core.AdminAsync("root");
        var session = await Core.NewSessionAsync(admin);

        await Chats(chats => chats.ListSessionsAsync(CoreOperators.Actor(admin), admin, CoreOperators.AllInOnePage, default));
        await Chats(chats => chats.ListMessagesAsync(CoreOperators.Actor(admin), session, CoreOperators.AllInOnePage, default));

        Assert.Empty(await Core.AuditWithoutRegistrationsAsync());
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Deleting_a_session_removes_its_messages_keeps_its_spending_and_is_audited_with_the_deletion(DatabaseProvider provider)
    {
        await UseAsync(provider);
        var admin = await Core.AdminAsync("root");
        var (owner, session) = await Core.UserWithSessionAsync("fritz");
        var kept = await Core.NewSessionAsync(owner);
        await TwoBranchesAsync(owner, session);
        await Core.InScopeAsync<ChatbotDbContext>(async db =>
        {
            db.UsageLedger.Add(UsageEntry.Record(owner, session, UsageKind.Answer, 5, 5, DateTime.UtcNow));
            await db.SaveChangesAsync();
        });

        await Core.InScopeAsync<AdminChats>(chats => chats.DeleteSessionAsync(CoreOperators.Actor(admin), session, default));

        var (sessions, messages, ledger) = await Core.InScopeAsync<ChatbotDbContext, (List<long>, int, int)>(async db => (
            await db.ChatSessions.Select(row => row.Id).ToListAsync(), await db.Messages.CountAsync(), await db.UsageLedger.CountAsync()));
        Assert.Equal([kept], sessions);
        Assert.Equal((0, 1), (messages, ledger));
        var line = Assert.Single((await Core.AuditAsync(new AuditFilter(AuditActions.SessionDeleted, null))).Items);
        Assert.Equal((admin, "chatsession", $"{session}"), (line.Actor!.Value, line.TargetType, line.TargetId));
        Assert.Equal(owner, JsonDocument.Parse(line.Detail!).RootElement.GetProperty("user_id").GetInt64());
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task A_missing_user_or_session_is_404_and_nothing_is_audited(DatabaseProvider provider)
    {
        await UseAsync(provider);
        var admin = await Core.AdminAsync("root");
        var actor = CoreOperators.Actor(admin);

        var problems = new[]
        {
            await Assert.ThrowsAsync<ProblemException>(() => Chats(chats => chats.ListSessionsAsync(actor, 9_999, CoreOperators.AllInOnePage, default))),
            await Assert.ThrowsAsync<ProblemException>(() => Chats(chats => chats.ListMessagesAsync(actor, 9_999, CoreOperators.AllInOnePage, default))),
            await Assert.ThrowsAsync<ProblemException>(() => Core.InScopeAsync<AdminChats>(chats => chats.DeleteSessionAsync(actor, 9_999, default))),
        };

        Assert.All(problems, problem => Assert.Equal((ProblemKind.NotFound, "not_found"), (problem.Kind, problem.Code)));
        Assert.Empty(await Core.AuditWithoutRegistrationsAsync());
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task With_chat_access_off_all_three_are_404_and_the_chat_is_untouched(DatabaseProvider provider)
    {
        await UseAsync(provider, new Dictionary<string, string?> { ["Admin:ChatAccess"] = "false" });
        var admin = await Core.AdminAsync("root");
        var (owner, session) = await Core.UserWithSessionAsync("greta");
        await TwoBranchesAsync(owner, session);
        var actor = CoreOperators.Actor(admin);

        var problems = new[]
        {
            await Assert.ThrowsAsync<ProblemException>(() => Chats(chats => chats.ListSessionsAsync(actor, owner, CoreOperators.AllInOnePage, default))),
            await Assert.ThrowsAsync<ProblemException>(() => Chats(chats => chats.ListMessagesAsync(actor, session, CoreOperators.AllInOnePage, default))),
            await Assert.ThrowsAsync<ProblemException>(() => Core.InScopeAsync<AdminChats>(chats => chats.DeleteSessionAsync(actor, session, default))),
        };

        Assert.All(problems, problem => Assert.Equal((ProblemKind.NotFound, "not_found"), (problem.Kind, problem.Code)));
        Assert.Equal(2, (await Core.MessagesAsync(owner, session, allBranches: true)).Count);
        Assert.Empty(await Core.AuditWithoutRegistrationsAsync());
    }

    /// <summary>A first message and an edit of it: two branches, stored as the app leaves them.</summary>
    private Task<(long First, long Edited)> TwoBranchesAsync(long owner, long session)
        => Core.InScopeAsync<ChatbotDbContext, (long, long)>(async db =>
        {
            var first = StoredMessages.Answered(owner, session, null, "first try", "an answer");
            db.Messages.Add(first);
            await db.SaveChangesAsync();
            first.LeaveBranch();
            var edited = StoredMessages.Answered(owner, session, null, "second try", "another answer");
            db.Messages.Add(edited);
            await db.SaveChangesAsync();
            return (first.Id, edited.Id);
        });

    private Task<Page<T>> Chats<T>(Func<AdminChats, Task<Page<T>>> work) => Core.InScopeAsync(work);
}
