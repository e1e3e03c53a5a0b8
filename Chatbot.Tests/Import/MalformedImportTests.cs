using System.Text.Json.Nodes;
using Chatbot.Core.Chats;
using Chatbot.Core.Data;
using Chatbot.Core.Errors;
using Chatbot.Core.Import;
using Chatbot.Tests.Fixtures;
using Microsoft.EntityFrameworkCore;

namespace Chatbot.Tests.Import;

/// <summary>A bad file is refused whole with a 400 that names the conversation and the field, and nothing is stored.</summary>
public sealed class MalformedImportTests : IAsyncLifetime
{
    private CoreServices core = null!;
    private long owner;

    public async Task InitializeAsync()
    {
        core = await CoreServices.StartAsync();
        owner = (await core.RegisterAsync("owner", "o@example.com", "owner-pass")).Id;
    }

    public async Task DisposeAsync() => await core.DisposeAsync();

    [Theory]
    [InlineData("\"text\"")]
    [InlineData("42")]
    [InlineData("{\"title\": \"not an export\"}")]
    [InlineData("{\"session\": {}}")]
    public async Task A_file_in_no_known_format_is_refused_saying_what_is_accepted(string file)
    {
        var problem = await RefusedAsync(file);

        Assert.Equal((ProblemKind.BadRequest, "invalid_body"), (problem.Kind, problem.Code));
        Assert.Contains("conversations.json", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task One_chatgpt_conversation_outside_its_array_is_refused_saying_how_to_send_it()
    {
        var problem = await RefusedAsync(Conversation("Alone").ToJsonString());

        Assert.Equal("invalid_body", problem.Code);
        Assert.Contains("inside [ ]", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_array_is_refused()
        => Assert.Equal("invalid_body", (await RefusedAsync("[]")).Code);

    [Fact]
    public async Task More_than_1000_conversations_are_refused_before_any_is_read()
    {
        var file = $"[{string.Join(",", Enumerable.Repeat("{}", ImportRules.MaxConversations + 1))}]";

        var problem = await RefusedAsync(file);

        Assert.Equal((ProblemKind.BadRequest, "too_many_conversations"), (problem.Kind, problem.Code));
        Assert.Contains("1001", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exactly_1000_conversations_are_imported()
    {
        var one = Conversation("Short").ToJsonString();
        var sessions = await core.ImportAsync(owner, $"[{string.Join(",", Enumerable.Repeat(one, ImportRules.MaxConversations))}]");

        Assert.Equal(ImportRules.MaxConversations, sessions.Count);
    }

    public static TheoryData<string, string, string> BadChatGptConversations => new()
    {
        { "not an object", "conversations[1]", "Must be a JSON object." },
        { "missing mapping", "conversations[1].mapping", "This field is required." },
        { "dangling parent", "conversations[1].mapping.a1.parent", "No node \"nowhere\" in the mapping." },
        { "cycle", "conversations[1].mapping.u1.parent", "This parent link makes a cycle: the node is its own ancestor." },
        { "unknown current node", "conversations[1].current_node", "No node \"gone\" in the mapping." },
        { "long title", "conversations[1].title", "Ensure this field has no more than 255 characters." },
        { "no text", "conversations[1].mapping", "This conversation has no user or assistant text to import." },
        { "parts not an array", "conversations[1].mapping.u1.message.content.parts", "Must be a JSON array." },
        { "time as text", "conversations[1].create_time", "Must be a number of seconds since 1970-01-01 UTC." },
    };

    [Theory]
    [MemberData(nameof(BadChatGptConversations))]
    public async Task One_bad_chatgpt_conversation_among_good_ones_is_named_and_nothing_is_stored(string fault, string field, string message)
    {
        var bad = Conversation("Bad one");
        var mapping = bad["mapping"]!.AsObject();
        JsonNode? conversation = bad;
        switch (fault)
        {
            case "not an object": conversation = JsonValue.Create("oops"); break;
            case "missing mapping": bad.Remove("mapping"); break;
            case "dangling parent": mapping["a1"]!["parent"] = "nowhere"; break;
            case "cycle": mapping["u1"]!["parent"] = "a1"; break;
            case "unknown current node": bad["current_node"] = "gone"; break;
            case "long title": bad["title"] = new string('t', 256); break;
            case "no text": bad["mapping"] = new JsonObject { ["root"] = Node(null, null) }; bad["current_node"] = "root"; break;
            case "parts not an array": mapping["u1"]!["message"]!["content"]!["parts"] = "Hi"; break;
            case "time as text": bad["create_time"] = "2023-11-14"; break;
        }

        var file = new JsonArray(Conversation("Good"), conversation, Conversation("Also good")).ToJsonString();

        var problem = await RefusedAsync(file);

        Assert.Equal((ProblemKind.Validation, "validation_failed"), (problem.Kind, problem.Code));
        var named = fault switch
        {
            "not an object" => "Conversation 1 (untitled)",
            "long title" => $"Conversation 1 (\"{new string('t', 79)}…\")",
            _ => "Conversation 1 (\"Bad one\")",
        };
        Assert.Equal([$"{named}: {message}"], problem.Errors![field]);
        Assert.StartsWith($"{named} cannot be imported", problem.Message, StringComparison.Ordinal);
        Assert.Contains("nothing was imported", problem.Message, StringComparison.Ordinal);
        Assert.Equal(0, await core.InScopeAsync<ChatbotDbContext, int>(db => db.ChatSessions.CountAsync()));
    }

    [Fact]
    public async Task Every_bad_conversation_is_reported_at_once()
    {
        var first = Conversation("First bad");
        first.Remove("mapping");
        var second = Conversation("Second bad");
        second["current_node"] = "gone";

        var problem = await RefusedAsync(new JsonArray(first, Conversation("Good"), second).ToJsonString());

        Assert.Equal(["conversations[0].mapping", "conversations[2].current_node"], problem.Errors!.Keys.Order(StringComparer.Ordinal));
        Assert.StartsWith("Conversation 0 (\"First bad\") and 1 more cannot be imported", problem.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string, string, string> BadExports => new()
    {
        { "missing prompt", "messages[1].prompt", "This field is required." },
        { "dangling parent", "messages[1].parent", "No message 99 in this conversation." },
        { "cycle", "messages[0].parent", "This parent link makes a cycle: the node is its own ancestor." },
        { "unknown status", "messages[1].status", "Must be one of pending, streaming, complete, truncated, stopped, failed, blocked." },
        { "unknown current leaf", "current_leaf", "No message 77 in this conversation." },
        { "long system prompt", "session.system_prompt", "Ensure this field has no more than 4000 characters." },
        { "time without offset", "messages[0].created_at", "Must be a date and time in ISO 8601 with its offset, such as 2026-11-25T09:00:00Z." },
        { "negative tokens", "messages[0].prompt_tokens", "Must be a whole number of at least 0." },
        { "duplicate id", "messages[1].id", "Another message before it has the id 1." },
        { "model not allowed", "session.model", "\"gpt-4o\" is not an allowed model; choose one of: gemini-2.0-flash, gemini-2.5-flash, gemini-2.5-pro." },
        { "attachments not a list", "messages[0].attachments", "Must be a JSON array." },
        { "attachment of a type never accepted", "messages[0].attachments[0].content_type",
            "Must be one of application/pdf, image/gif, image/heic, image/heif, image/jpeg, image/png, image/webp, text/plain." },
        { "attachment of a negative size", "messages[0].attachments[0].size", "Must be a whole number of at least 0." },
        { "attachment with a bad digest", "messages[0].attachments[0].sha256", "Must be 64 lower-case hexadecimal digits." },
        { "attachment without a name", "messages[0].attachments[0].name", "This field is required." },
        { "too many attachments on a message", "messages[0].attachments", "Ensure this field has no more than 100 elements." },
    };

    [Theory]
    [MemberData(nameof(BadExports))]
    public async Task A_bad_export_is_refused_naming_the_field(string fault, string field, string message)
    {
        var export = Export();
        var messages = export["messages"]!.AsArray();
        switch (fault)
        {
            case "missing prompt": messages[1]!.AsObject().Remove("prompt"); break;
            case "dangling parent": messages[1]!["parent"] = 99; break;
            case "cycle": messages[0]!["parent"] = 2; break;
            case "unknown status": messages[1]!["status"] = "done"; break;
            case "unknown current leaf": export["current_leaf"] = 77; break;
            case "long system prompt": export["session"]!["system_prompt"] = new string('s', 4001); break;
            case "time without offset": messages[0]!["created_at"] = "2026-11-20T10:00:00"; break;
            case "negative tokens": messages[0]!["prompt_tokens"] = -1; break;
            case "duplicate id": messages[1]!["id"] = 1; break;
            case "model not allowed": export["session"]!["model"] = "gpt-4o"; break;
            case "attachments not a list": messages[0]!["attachments"] = "photo.png"; break;
            case "attachment of a type never accepted": messages[0]!["attachments"] = Files(File(contentType: "text/html")); break;
            case "attachment of a negative size": messages[0]!["attachments"] = Files(File(size: -1)); break;
            case "attachment with a bad digest": messages[0]!["attachments"] = Files(File(sha256: "ABC")); break;
            case "attachment without a name": messages[0]!["attachments"] = Files(File(name: null)); break;
            case "too many attachments on a message":
                messages[0]!["attachments"] = new JsonArray(Enumerable.Range(0, ImportRules.MaxAttachmentsPerMessage + 1).Select(_ => (JsonNode)File()).ToArray());
                break;
        }

        var problem = await RefusedAsync(export.ToJsonString());

        Assert.Equal([$"Conversation 0 (\"Exported\"): {message}"], problem.Errors![field]);
        Assert.Equal(0, await core.InScopeAsync<ChatbotDbContext, int>(db => db.ChatSessions.CountAsync()));
    }

    [Fact]
    public async Task An_export_of_an_empty_session_imports_as_an_empty_session()
    {
        var export = Export();
        export["messages"] = new JsonArray();
        export["current_leaf"] = null;

        var session = Assert.Single(await core.ImportAsync(owner, export.ToJsonString()));

        Assert.Equal("Exported", session.Title);
        Assert.Empty(await core.InScopeAsync<ChatbotDbContext, List<Message>>(db => db.Messages.ToListAsync()));
    }

    [Fact]
    public async Task An_export_from_before_branches_reads_each_message_as_following_the_one_before()
    {
        var export = Export();
        foreach (var message in export["messages"]!.AsArray())
        {
            message!.AsObject().Remove("parent");
        }

        export.Remove("current_leaf");

        var session = Assert.Single(await core.ImportAsync(owner, export.ToJsonString()));

        var stored = await core.InScopeAsync<ChatbotDbContext, List<Message>>(db => db.Messages.OrderBy(message => message.Id).ToListAsync());
        Assert.Equal([null, stored[0].Id], stored.Select(message => message.ParentId));
        Assert.All(stored, message => Assert.True(message.OnCurrentBranch));
        Assert.Equal(session.Id, stored[0].SessionId);
    }

    private async Task<ProblemException> RefusedAsync(string file)
        => await Assert.ThrowsAsync<ProblemException>(() => core.ImportAsync(owner, file));

    /// <summary>A small ChatGPT conversation: root, a user turn, an answer.</summary>
    internal static JsonObject Conversation(string title) => new()
    {
        ["title"] = title,
        ["create_time"] = 1700000000.0,
        ["update_time"] = 1700000100.0,
        ["mapping"] = new JsonObject
        {
            ["root"] = Node(null, null),
            ["u1"] = Node("root", Turn("user", "Hi")),
            ["a1"] = Node("u1", Turn("assistant", "Hello!")),
        },
        ["current_node"] = "a1",
    };

    internal static JsonObject Node(string? parent, JsonObject? message) => new() { ["message"] = message, ["parent"] = parent, ["children"] = new JsonArray() };

    internal static JsonObject Turn(string role, string text) => new()
    {
        ["author"] = new JsonObject { ["role"] = role },
        ["content"] = new JsonObject { ["content_type"] = "text", ["parts"] = new JsonArray(text) },
        ["create_time"] = 1700000050.0,
    };

    /// <summary>Our own export of two messages, as <c>GET .../export/?format=json&amp;branches=all</c> writes it.</summary>
    internal static JsonObject Export() => JsonNode.Parse("""
        {"session": {"id": 5, "user": 1, "title": "Exported", "started_at": "2026-11-20T10:00:00Z", "updated_at": "2026-11-20T10:05:00Z",
                     "system_prompt": null, "model": null},
         "messages": [
           {"id": 1, "session": 5, "prompt": "a", "response": "b", "created_at": "2026-11-20T10:00:00Z", "status": "complete",
            "model": null, "finish_reason": null, "error_code": null, "prompt_tokens": null, "response_tokens": null, "parent": null, "siblings": [1]},
           {"id": 2, "session": 5, "prompt": "c", "response": "d", "created_at": "2026-11-20T10:01:00Z", "status": "complete",
            "model": null, "finish_reason": null, "error_code": null, "prompt_tokens": null, "response_tokens": null, "parent": 1, "siblings": [2]}
         ],
         "current_leaf": 2}
        """)!.AsObject();

    private static JsonArray Files(JsonObject file) => [file];

    /// <summary>A file as an export lists it; each argument spoils one field.</summary>
    private static JsonObject File(string? name = "photo.png", string contentType = "image/png", long size = 68, string sha256 = Digest)
    {
        var file = new JsonObject { ["id"] = 5, ["content_type"] = contentType, ["size"] = size, ["sha256"] = sha256, ["available"] = true };
        if (name is not null)
        {
            file["name"] = name;
        }

        return file;
    }

    private const string Digest = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
}
