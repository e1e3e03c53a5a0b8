using Chatbot.Core.Chats;
using Chatbot.Core.Import;
using Chatbot.Core.Usage;

namespace Chatbot.Tests.Fixtures;

/// <summary>What a user does in Core's chat services, each step in its own scope as one request would be.</summary>
internal static class CoreChats
{
    public static async Task<(long User, long Session)> UserWithSessionAsync(this CoreServices core, string name)
    {
        var user = (await core.RegisterAsync(name, $"{name}@example.com", $"{name}-password")).Id;
        return (user, await core.NewSessionAsync(user));
    }

    public static async Task<long> NewSessionAsync(this CoreServices core, long user)
        => (await core.InScopeAsync<ChatSessionService, ChatSessionDto>(service => service.CreateAsync(user, new SessionSettings(null, null, null), default))).Id;

    public static Task<MessageDto> SendAsync(this CoreServices core, long user, long session, string prompt)
        => core.InScopeAsync<MessageCommands, MessageDto>(service => service.SendAsync(user, session, prompt, streamed: false, default).AnsweredAsync());

    public static Task<MessageDto> RegenerateAsync(this CoreServices core, long user, long session, long message)
        => core.InScopeAsync<MessageCommands, MessageDto>(service => service.RegenerateAsync(user, session, message, streamed: false, default).AnsweredAsync());

    public static Task<MessageDto> EditAsync(this CoreServices core, long user, long session, long message, string prompt)
        => core.InScopeAsync<MessageCommands, MessageDto>(service => service.EditAsync(user, session, message, prompt, streamed: false, default).AnsweredAsync());

    public static async Task<IReadOnlyList<MessageDto>> SelectAsync(this CoreServices core, long user, long session, long message)
        => (await core.InScopeAsync<BranchSelector, Page<MessageDto>>(
            service => service.SelectAsync(user, session, message, new PageRequest(PageRequest.MaxLimit, null, null), default))).Items;

    /// <summary>The session's current branch, or every message with <paramref name="allBranches"/>, in one page.</summary>
    public static async Task<IReadOnlyList<MessageDto>> MessagesAsync(this CoreServices core, long user, long session, bool allBranches = false)
        => (await core.InScopeAsync<MessageReader, Page<MessageDto>>(
            reader => reader.ListAsync(user, session, new PageRequest(PageRequest.MaxLimit, null, null), allBranches, default))).Items;

    public static async Task<IAsyncEnumerable<MessageEvent>> StreamAsync(this CoreServices core, long user, long session, string prompt)
        => (await core.InScopeAsync<MessageCommands, AnswerRun>(service => service.SendAsync(user, session, prompt, streamed: true, default)))
            .ReadAllAsync(default);

    /// <summary>The message once the run's answer has ended, as a request that did not ask for a stream gets it.</summary>
    public static async Task<MessageDto> AnsweredAsync(this Task<AnswerRun> run) => await (await run).AnsweredAsync();

    public static Task<UsageDto> UsageAsync(this CoreServices core, long user)
        => core.InScopeAsync<UsageService, UsageDto>(service => service.GetAsync(user, default));

    /// <summary>Imports <paramref name="file"/> (JSON text) for the user, as the import route does.</summary>
    public static Task<IReadOnlyList<ChatSessionDto>> ImportAsync(this CoreServices core, long user, string file)
        => core.InScopeAsync<ConversationImporter, IReadOnlyList<ChatSessionDto>>(async importer =>
        {
            using var document = System.Text.Json.JsonDocument.Parse(file, new System.Text.Json.JsonDocumentOptions { MaxDepth = 64 });
            return await importer.ImportAsync(user, document.RootElement, default);
        });
}
