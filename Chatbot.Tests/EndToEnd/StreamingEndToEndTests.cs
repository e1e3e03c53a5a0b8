using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Chatbot.Tests.Fakes;

namespace Chatbot.Tests.EndToEnd;

/// <summary>Answers streamed as Server-Sent Events, through the local host and the real worker.</summary>
public sealed class StreamingEndToEndTests(ChatbotApp app) : IClassFixture<ChatbotApp>
{
    [Fact]
    public async Task Events_arrive_in_order_and_each_delta_before_gemini_has_finished()
    {
        var (access, session) = await NewSessionAsync();
        var prompt = Unique("stream");
        app.Gemini.Default = request => request.LastUserText == prompt
            ? GeminiReply.Stream(["JWT ", "is ", "a token."], TimeSpan.FromMilliseconds(700))
            : GeminiReply.Text("ok");
        var sentBefore = app.Gemini.ChunksSent;

        using var response = await SendStreamingAsync(access, session, prompt);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);

        var events = new List<SseEvent>();
        await foreach (var item in ReadEventsAsync(response))
        {
            if (item.Name == "delta" && events.All(earlier => earlier.Name != "delta"))
            {
                Assert.True(app.Gemini.ChunksSent - sentBefore < 3, "The first delta should arrive while Gemini is still sending.");
            }

            events.Add(item);
        }

        Assert.Equal(["message", "delta", "delta", "delta", "done"], events.Select(item => item.Name));
        Assert.Equal("streaming", events[0].Data.GetProperty("status").GetString());
        Assert.Equal(["JWT ", "is ", "a token."], events.Where(item => item.Name == "delta").Select(item => item.Data.GetProperty("text").GetString()));
        var done = events[^1].Data;
        Assert.Equal(("complete", "JWT is a token.", "STOP"), (done.GetProperty("status").GetString(), done.GetProperty("response").GetString(), done.GetProperty("finish_reason").GetString()));
        Assert.Equal(events[0].Data.GetProperty("id").GetInt64(), done.GetProperty("id").GetInt64());
    }

    [Fact]
    public async Task An_answer_whose_reader_hangs_up_is_still_completed_and_stored()
    {
        var (access, session) = await NewSessionAsync();
        var prompt = Unique("hangup");
        app.Gemini.Default = request => request.LastUserText == prompt
            ? GeminiReply.Stream(["one ", "two ", "three"], TimeSpan.FromMilliseconds(400))
            : GeminiReply.Text("ok");

        using (var response = await SendStreamingAsync(access, session, prompt))
        {
            await foreach (var item in ReadEventsAsync(response))
            {
                if (item.Name == "delta")
                {
                    break;
                }
            }
        }

        var stored = await WaitForAsync(access, session, message => message.GetProperty("status").GetString() != "streaming");
        Assert.Equal(("complete", "one two three"), (stored.GetProperty("status").GetString(), stored.GetProperty("response").GetString()));
    }

    [Fact]
    public async Task A_gemini_error_mid_stream_sends_an_error_event_and_keeps_the_partial_answer()
    {
        var (access, session) = await NewSessionAsync();
        var prompt = Unique("midstream");
        app.Gemini.Default = request => request.LastUserText == prompt
            ? GeminiReply.StreamThenError(["partial ", "answer"], 503, "UNAVAILABLE")
            : GeminiReply.Text("ok");

        using var response = await SendStreamingAsync(access, session, prompt);
        var events = new List<SseEvent>();
        await foreach (var item in ReadEventsAsync(response))
        {
            events.Add(item);
        }

        var error = events[^1];
        Assert.Equal("error", error.Name);
        Assert.Equal(("gemini_unavailable", 503), (error.Data.GetProperty("code").GetString(), error.Data.GetProperty("status").GetInt32()));
        var stored = await WaitForAsync(access, session, message => message.GetProperty("status").GetString() == "failed");
        Assert.Equal("partial answer", stored.GetProperty("response").GetString());
    }

    [Fact]
    public async Task Stop_from_a_second_connection_ends_the_answer_and_keeps_the_part_produced()
    {
        var (access, session) = await NewSessionAsync();
        var prompt = Unique("stop");
        app.Gemini.Default = request => request.LastUserText == prompt
            ? GeminiReply.Stream(["first ", "second ", "third ", "fourth"], TimeSpan.FromSeconds(2))
            : GeminiReply.Text("ok");

        using var response = await SendStreamingAsync(access, session, prompt);
        var events = new List<SseEvent>();
        await foreach (var item in ReadEventsAsync(response))
        {
            events.Add(item);
            if (item.Name == "delta")
            {
                var messageId = events[0].Data.GetProperty("id").GetInt64();
                var stopped = await app.Http.SendAsync(ApiClient.Request(HttpMethod.Post, $"/chatsessions/{session}/messages/{messageId}/stop/", access));
                Assert.Equal(HttpStatusCode.OK, stopped.StatusCode);
            }
        }

        var done = events[^1];
        Assert.Equal(("done", "stopped", "first "), (done.Name, done.Data.GetProperty("status").GetString(), done.Data.GetProperty("response").GetString()));
    }

    [Fact]
    public async Task Regenerate_streams_a_new_answer_for_the_last_message()
    {
        var (access, session) = await NewSessionAsync();
        var prompt = Unique("again");
        var first = await app.Http.SendAsync(ApiClient.Request(HttpMethod.Post, $"/chatsessions/{session}/messages/", access, new { prompt }));
        var messageId = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        app.Gemini.Default = request => request.LastUserText == prompt ? GeminiReply.Stream(["better ", "answer"]) : GeminiReply.Text("ok");

        var request = ApiClient.Request(HttpMethod.Post, $"/chatsessions/{session}/messages/{messageId}/regenerate/", access);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        using var response = await app.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var events = new List<SseEvent>();
        await foreach (var item in ReadEventsAsync(response))
        {
            events.Add(item);
        }

        Assert.Equal(["message", "delta", "delta", "done"], events.Select(item => item.Name));
        var regenerated = events[^1].Data;
        Assert.Equal("better answer", regenerated.GetProperty("response").GetString());
        Assert.Equal([messageId, regenerated.GetProperty("id").GetInt64()], regenerated.GetProperty("siblings").EnumerateArray().Select(id => id.GetInt64()));
    }

    [Fact]
    public async Task A_dropped_stream_resumes_after_its_last_event_id_with_nothing_lost_or_repeated()
    {
        var (access, session) = await NewSessionAsync();
        var prompt = Unique("resume");
        app.Gemini.Default = request => request.LastUserText == prompt
            ? GeminiReply.Stream(["Once ", "upon ", "a time, ", "the end."], TimeSpan.FromMilliseconds(700))
            : GeminiReply.Text("ok");

        long messageId;
        SseEvent first;
        using (var response = await SendStreamingAsync(access, session, prompt))
        {
            var events = ReadEventsAsync(response).GetAsyncEnumerator();
            Assert.True(await events.MoveNextAsync());
            messageId = events.Current.Data.GetProperty("id").GetInt64();
            Assert.True(await events.MoveNextAsync());
            first = events.Current;
            await events.DisposeAsync();
        }

        Assert.Equal(("delta", "Once ", "5"), (first.Name, first.Data.GetProperty("text").GetString(), first.Id));
        var resume = ApiClient.Request(HttpMethod.Get, $"/chatsessions/{session}/messages/{messageId}/stream/", access);
        resume.Headers.Add("Last-Event-ID", first.Id);
        using var resumed = await app.Http.SendAsync(resume, HttpCompletionOption.ResponseHeadersRead);
        var rest = new List<SseEvent>();
        await foreach (var item in ReadEventsAsync(resumed))
        {
            rest.Add(item);
        }

        Assert.Equal("message", rest[0].Name);
        Assert.Equal("done", rest[^1].Name);
        var deltas = rest.Where(item => item.Name == "delta").ToList();
        var text = "Once " + string.Concat(deltas.Select(item => item.Data.GetProperty("text").GetString()));
        var stored = await WaitForAsync(access, session, message => message.GetProperty("status").GetString() == "complete");
        Assert.Equal(("Once upon a time, the end.", "Once upon a time, the end."), (text, stored.GetProperty("response").GetString()));
        Assert.Equal(text.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), deltas[^1].Id);
    }

    [Fact]
    public async Task The_stream_of_a_finished_answer_sends_it_whole_then_done_and_another_users_is_not_found()
    {
        var (access, session) = await NewSessionAsync();
        var sent = await app.Http.SendAsync(ApiClient.Request(HttpMethod.Post, $"/chatsessions/{session}/messages/", access, new { prompt = Unique("finished") }));
        var message = await sent.Content.ReadFromJsonAsync<JsonElement>();
        var path = $"/chatsessions/{session}/messages/{message.GetProperty("id").GetInt64()}/stream/";

        using var response = await app.Http.SendAsync(ApiClient.Request(HttpMethod.Get, path, access), HttpCompletionOption.ResponseHeadersRead);
        var events = new List<SseEvent>();
        await foreach (var item in ReadEventsAsync(response))
        {
            events.Add(item);
        }

        Assert.Equal(["message", "delta", "done"], events.Select(item => item.Name));
        Assert.Equal(message.GetProperty("response").GetString(), events[1].Data.GetProperty("text").GetString());
        var (stranger, _) = await app.Api.NewUserAsync();
        var foreign = await app.Http.SendAsync(ApiClient.Request(HttpMethod.Get, path, stranger));
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        var badId = ApiClient.Request(HttpMethod.Get, path, access);
        badId.Headers.Add("Last-Event-ID", "abc");
        Assert.Equal(HttpStatusCode.BadRequest, (await app.Http.SendAsync(badId)).StatusCode);
    }

    private async Task<(string Access, long Session)> NewSessionAsync()
    {
        var (access, _) = await app.Api.NewUserAsync();
        return (access, await app.Api.NewSessionAsync(access));
    }

    private async Task<HttpResponseMessage> SendStreamingAsync(string access, long session, string prompt)
    {
        var request = ApiClient.Request(HttpMethod.Post, $"/chatsessions/{session}/messages/", access, new { prompt });
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        return await app.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    }

    /// <summary>Each event once its blank line arrives, with its name, id (deltas carry one) and JSON data.</summary>
    private static async IAsyncEnumerable<SseEvent> ReadEventsAsync(HttpResponseMessage response)
    {
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        string? name = null, id = null, data = null;
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.Length == 0 && name is not null && data is not null)
            {
                yield return new SseEvent(name, id, JsonSerializer.Deserialize<JsonElement>(data));
                (name, id, data) = (null, null, null);
            }
            else if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                name = line["event: ".Length..];
            }
            else if (line.StartsWith("id: ", StringComparison.Ordinal))
            {
                id = line["id: ".Length..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data = line["data: ".Length..];
            }
        }
    }

    private sealed record SseEvent(string Name, string? Id, JsonElement Data);

    private async Task<JsonElement> WaitForAsync(string access, long session, Func<JsonElement, bool> condition)
    {
        for (var waited = 0; waited < 15_000; waited += 100)
        {
            var response = await app.Http.SendAsync(ApiClient.Request(HttpMethod.Get, $"/chatsessions/{session}/messages/", access));
            var message = (await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().Single();
            if (condition(message))
            {
                return message;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("The message never reached the expected state.");
    }

    private static string Unique(string prefix) => $"{prefix} {Guid.NewGuid():N}";
}
