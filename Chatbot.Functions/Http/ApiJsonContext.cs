using System.Text.Json.Serialization;
using Chatbot.Core.ApiKeys;
using Chatbot.Core.Attachments;
using Chatbot.Core.Auth;
using Chatbot.Core.Chats;
using Chatbot.Core.Health;
using Chatbot.Core.Operators;
using Chatbot.Core.Search;
using Chatbot.Core.Usage;
using Chatbot.Functions.Admin;
using Chatbot.Functions.ApiKeys;
using Chatbot.Functions.Auth;
using Chatbot.Functions.Chats;
using Chatbot.Functions.Models;

namespace Chatbot.Functions.Http;

/// <summary>
/// Every shape the API reads or writes, serialized by generated code (no reflection at run time) with the original
/// API's snake_case names.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    NumberHandling = JsonNumberHandling.Strict,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Disallow)]
[JsonSerializable(typeof(RegisterRequest))]
[JsonSerializable(typeof(LoginRequest))]
[JsonSerializable(typeof(RefreshRequest))]
[JsonSerializable(typeof(VerifyRequest))]
[JsonSerializable(typeof(ChangePasswordRequest))]
[JsonSerializable(typeof(DeleteAccountRequest))]
[JsonSerializable(typeof(AccountDto))]
[JsonSerializable(typeof(SessionRequest))]
[JsonSerializable(typeof(SendMessageRequest))]
[JsonSerializable(typeof(UserDto))]
[JsonSerializable(typeof(RegistrationModeDto))]
[JsonSerializable(typeof(SettingsPatchRequest))]
[JsonSerializable(typeof(DeploymentSettingsDto))]
[JsonSerializable(typeof(InviteRequest))]
[JsonSerializable(typeof(NewInviteDto))]
[JsonSerializable(typeof(IReadOnlyList<InviteDto>))]
[JsonSerializable(typeof(BootstrapRequest))]
[JsonSerializable(typeof(TokenPair))]
[JsonSerializable(typeof(EmptyResponse))]
[JsonSerializable(typeof(ChatSessionDto))]
[JsonSerializable(typeof(IReadOnlyList<ChatSessionDto>))]
[JsonSerializable(typeof(MessageDto))]
[JsonSerializable(typeof(IReadOnlyList<MessageDto>))]
[JsonSerializable(typeof(HealthReport))]
[JsonSerializable(typeof(IReadOnlyList<SearchHit>))]
[JsonSerializable(typeof(DeltaEvent))]
[JsonSerializable(typeof(UsageDto))]
[JsonSerializable(typeof(ConversationExport))]
[JsonSerializable(typeof(ModelList))]
[JsonSerializable(typeof(Dictionary<string, System.Text.Json.JsonElement>))]
[JsonSerializable(typeof(IReadOnlyList<AdminUserDto>))]
[JsonSerializable(typeof(AdminUserDetailDto))]
[JsonSerializable(typeof(DeploymentUsageDto))]
[JsonSerializable(typeof(IReadOnlyList<AuditEntryDto>))]
[JsonSerializable(typeof(AttachmentDto))]
[JsonSerializable(typeof(ApiKeyRequest))]
[JsonSerializable(typeof(NewApiKeyDto))]
[JsonSerializable(typeof(IReadOnlyList<ApiKeyDto>))]
internal sealed partial class ApiJsonContext : JsonSerializerContext;
