using Chatbot.Core.Chats;

namespace Chatbot.Tests.Chats;

public sealed class MessageStatusesTests
{
    [Fact]
    public void Every_status_has_a_lower_case_name_that_parses_back_to_it()
    {
        foreach (var status in Enum.GetValues<MessageStatus>())
        {
            var name = MessageStatuses.Name(status);
            Assert.Equal(status.ToString().ToLowerInvariant(), name);
            Assert.Equal(status, MessageStatuses.Parse(name));
        }

        Assert.Equal(["pending", "streaming", "complete", "truncated", "stopped", "failed", "blocked"], MessageStatuses.Names);
    }

    [Theory]
    [InlineData("Complete")]
    [InlineData("done")]
    [InlineData("")]
    [InlineData(null)]
    public void A_name_that_is_not_one_of_ours_does_not_parse(string? name)
        => Assert.False(MessageStatuses.TryParse(name, out _));

    [Fact]
    public void The_query_and_the_in_memory_test_for_an_answer_in_progress_agree_on_every_status()
    {
        var inProgress = MessageStatuses.InProgress.Compile();
        var messages = EveryStatus().ToList();

        Assert.Equal(Enum.GetValues<MessageStatus>(), messages.Select(message => message.Status).Order());
        Assert.All(messages, message => Assert.Equal(MessageStatuses.IsInProgress(message.Status), inProgress(message)));
        Assert.Equal([MessageStatus.Pending, MessageStatus.Streaming], messages.Where(inProgress).Select(message => message.Status));
    }

    private static IEnumerable<Message> EveryStatus()
    {
        var now = DateTime.UnixEpoch;
        Message Asked(bool streamed = false) => Message.Ask(1, 1, null, "prompt", "model", streamed, now);
        GeneratedAnswer Answer(bool truncated) => new("text", "STOP", truncated, "model", 1, 1);

        yield return Asked();
        yield return Asked(streamed: true);
        foreach (var truncated in new[] { false, true })
        {
            var finished = Asked();
            finished.Finish(Answer(truncated), now);
            yield return finished;
        }

        var stopped = Asked();
        stopped.Stop(Answer(truncated: false), now);
        yield return stopped;
        foreach (var blocked in new[] { false, true })
        {
            var failed = Asked();
            failed.Fail("gemini_unavailable", blocked, null, "", now);
            yield return failed;
        }
    }
}
