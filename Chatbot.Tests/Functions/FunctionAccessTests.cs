using System.Reflection;
using System.Text.Json;
using Chatbot.Functions.Middleware;
using Chatbot.Tests.EndToEnd;
using Microsoft.Azure.Functions.Worker;

namespace Chatbot.Tests.Functions;

/// <summary>
/// Who may call each function, decided once here: a function added without a line in this table fails the test, so
/// nobody makes one public, protected or admin-only without meaning to.
/// </summary>
public sealed class FunctionAccessTests
{
    private const string Public = "public";
    private const string Protected = "protected";
    private const string Admin = "admin";

    private static readonly Dictionary<string, string> Expected = new()
    {
        ["Register"] = Public,
        ["GetRegistration"] = Public,
        ["AdminBootstrap"] = Protected,
        ["AdminGetSettings"] = Admin,
        ["AdminUpdateSettings"] = Admin,
        ["AdminCreateInvite"] = Admin,
        ["AdminListInvites"] = Admin,
        ["AdminRevokeInvite"] = Admin,
        ["Login"] = Public,
        ["ObtainToken"] = Public,
        ["RefreshToken"] = Public,
        ["VerifyToken"] = Public,
        ["BlacklistToken"] = Public,
        ["Logout"] = Public,
        ["LogoutEverywhere"] = Protected,
        ["GetAccount"] = Protected,
        ["ChangePassword"] = Protected,
        ["DeleteAccount"] = Protected,
        ["Health"] = Public,
        ["ListSessions"] = Protected,
        ["CreateSession"] = Protected,
        ["GetSession"] = Protected,
        ["UpdateSession"] = Protected,
        ["PatchSession"] = Protected,
        ["DeleteSession"] = Protected,
        ["ListMessages"] = Protected,
        ["SendMessage"] = Protected,
        ["StopMessage"] = Protected,
        ["RegenerateMessage"] = Protected,
        ["EditMessage"] = Protected,
        ["SelectBranch"] = Protected,
        ["ExportSession"] = Protected,
        ["ImportSessions"] = Protected,
        ["StreamMessage"] = Protected,
        ["Usage"] = Protected,
        ["ListModels"] = Protected,
        ["Search"] = Protected,
        ["UploadAttachment"] = Protected,
        ["GetAttachment"] = Protected,
        ["GetAttachmentContent"] = Protected,
        ["DeleteAttachment"] = Protected,
        ["WebPage"] = Public,
        ["WebAsset"] = Public,
        ["ApiReference"] = Public,
        ["OpenApiDocument"] = Public,
        ["AdminListUsers"] = Admin,
        ["AdminGetUser"] = Admin,
        ["AdminUpdateUser"] = Admin,
        ["AdminDeleteUser"] = Admin,
        ["AdminListUserSessions"] = Admin,
        ["AdminListMessages"] = Admin,
        ["AdminDeleteSession"] = Admin,
        ["AdminUsage"] = Admin,
        ["AdminAudit"] = Admin,
        ["CreateApiKey"] = Protected,
        ["ListApiKeys"] = Protected,
        ["RevokeApiKey"] = Protected,
        ["OpenAiListModels"] = Protected,
        ["OpenAiChatCompletions"] = Protected,
    };

    [Fact]
    public void Every_function_in_the_assembly_is_public_or_protected_as_the_table_says()
    {
        var functions = typeof(AuthenticationMiddleware).Assembly.GetTypes()
            .SelectMany(type => type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
                .Select(method => (Attribute: method.GetCustomAttribute<FunctionAttribute>(), EntryPoint: $"{type.FullName}.{method.Name}")))
            .Where(function => function.Attribute is not null)
            .ToDictionary(function => function.Attribute!.Name, function => Access(function.EntryPoint));

        Assert.Equal(Sorted(Expected), Sorted(functions));
    }

    /// <summary>The middleware decides from the entry points the worker reports, so those must resolve the same way.</summary>
    [Fact]
    public void The_entry_points_in_the_workers_metadata_get_the_same_access()
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        var metadata = Path.Combine(LocalHostProcess.RepositoryRoot, "Chatbot.Functions", "bin", configuration, "net10.0", "functions.metadata");
        using var document = JsonDocument.Parse(File.ReadAllText(metadata));

        var functions = document.RootElement.EnumerateArray().ToDictionary(
            function => function.GetProperty("name").GetString()!,
            function => Access(function.GetProperty("entryPoint").GetString()!));

        Assert.Equal(Sorted(Expected), Sorted(functions));
    }

    /// <summary>The functions an API key may call, and the scope each needs; every other function refuses a key.</summary>
    private static readonly Dictionary<string, string> ApiKeyScopes = new()
    {
        ["ListSessions"] = "read",
        ["GetSession"] = "read",
        ["CreateSession"] = "chat",
        ["ListMessages"] = "read",
        ["SendMessage"] = "chat",
        ["EditMessage"] = "chat",
        ["RegenerateMessage"] = "chat",
        ["StopMessage"] = "chat",
        ["StreamMessage"] = "chat",
        ["ExportSession"] = "read",
        ["Search"] = "read",
        ["Usage"] = "read",
        ["ListModels"] = "read",
        ["OpenAiListModels"] = "read",
        ["OpenAiChatCompletions"] = "chat",
    };

    [Fact]
    public void Only_the_functions_in_the_table_accept_an_API_key_and_no_account_or_admin_route_does()
    {
        var functions = typeof(AuthenticationMiddleware).Assembly.GetTypes()
            .SelectMany(type => type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
                .Select(method => (Attribute: method.GetCustomAttribute<FunctionAttribute>(), EntryPoint: $"{type.FullName}.{method.Name}")))
            .Where(function => function.Attribute is not null)
            .Select(function => (function.Attribute!.Name, Scope: FunctionAccessRules.ApiKeyScopeOf(function.EntryPoint)))
            .Where(function => function.Scope is not null)
            .ToDictionary(function => function.Name, function => function.Scope!);

        Assert.Equal(Sorted(ApiKeyScopes), Sorted(functions));
        Assert.DoesNotContain(functions.Keys, name => Expected[name] != Protected);
    }

    [Theory]
    [InlineData("Chatbot.Functions.Auth.TokenFunctions.NoSuchMethod")]
    [InlineData("Chatbot.Functions.NoSuchType.Login")]
    [InlineData("NoDotsAtAll")]
    [InlineData("")]
    public void An_entry_point_that_names_no_method_needs_an_admin(string entryPoint)
        => Assert.Equal(FunctionAccess.Admin, FunctionAccessRules.Of(entryPoint));

    private static string Access(string entryPoint) => FunctionAccessRules.Of(entryPoint) switch
    {
        FunctionAccess.Anyone => Public,
        FunctionAccess.SignedInUser => Protected,
        _ => Admin,
    };

    private static IEnumerable<KeyValuePair<string, string>> Sorted(Dictionary<string, string> table)
        => table.OrderBy(entry => entry.Key, StringComparer.Ordinal);
}
