using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Chatbot.Core.Data;
using Chatbot.Tests.Fixtures;

namespace Chatbot.Tests.EndToEnd;

/// <summary>
/// <c>./run.sh createsuperuser</c> and <c>./run.sh changepassword</c> as an operator runs them: the real Chatbot.Manage
/// process on a database nobody has migrated yet, then the real app on that same database (the SQLite file the app
/// serves by default, or a PostgreSQL database), signing the admin in over HTTP.
/// </summary>
public sealed class ManageCommandTests
{
    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task Interactive_createsuperuser_asks_again_after_a_mismatch_and_its_admin_signs_in_until_changepassword(DatabaseProvider provider)
    {
        var database = SharedDatabase.Create(provider);

        var created = await ManageProcess.RunAsync(database.Settings,
            "boss\nnot-an-email\nboss@example.com\nfirst-password\nsomething-else\nfirst-password\nfirst-password\n",
            "createsuperuser");

        Assert.True(created.ExitCode == 0, created.Errors);
        Assert.Contains("Username", created.Output, StringComparison.Ordinal);
        Assert.Contains("Email address: ", created.Output, StringComparison.Ordinal);
        Assert.Contains("Password (again): ", created.Output, StringComparison.Ordinal);
        Assert.EndsWith("Superuser created successfully.\n", created.Output, StringComparison.Ordinal);
        Assert.Equal("Error: Enter a valid email address.\nError: Your passwords didn't match.\n", created.Errors);

        var app = new ChatbotApp(provider, database.Settings);
        await app.InitializeAsync();
        try
        {
            var before = await LoginAsync(app, "boss", "first-password");

            var changed = await ManageProcess.RunAsync(database.Settings, "second-password\nmismatch\nsecond-password\nsecond-password\n", "changepassword", "boss");

            Assert.True(changed.ExitCode == 0, changed.Errors);
            Assert.StartsWith("Changing password for user 'boss'\n", changed.Output, StringComparison.Ordinal);
            Assert.EndsWith("Password changed successfully for user 'boss'\n", changed.Output, StringComparison.Ordinal);
            Assert.Equal("Error: Your passwords didn't match.\n", changed.Errors);
            await AssertLoginRefusedAsync(app, "boss", "first-password");
            await LoginAsync(app, "boss", "second-password");
            var refresh = await app.Http.PostAsJsonAsync("/api/token/refresh/", new { refresh = before.Refresh });
            Assert.Equal(HttpStatusCode.Unauthorized, refresh.StatusCode);
        }
        finally
        {
            await app.DisposeAsync();
            database.Delete();
        }
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async Task No_input_commands_take_the_password_from_the_environment(DatabaseProvider provider)
    {
        var database = SharedDatabase.Create(provider);

        var created = await ManageProcess.RunAsync(database.With("CHATBOT_SUPERUSER_PASSWORD", "first-password"), "",
            "createsuperuser", "--username", "ops", "--email", "ops@example.com", "--no-input");
        var changed = await ManageProcess.RunAsync(database.With("CHATBOT_SUPERUSER_PASSWORD", "second-password"), "",
            "changepassword", "OPS", "--no-input");

        Assert.Equal(new ManageProcess.Result(0, "Superuser created successfully.\n", ""), created);
        Assert.Equal(new ManageProcess.Result(0, "Password changed successfully for user 'ops'\n", ""), changed);
        var app = new ChatbotApp(provider, database.Settings);
        await app.InitializeAsync();
        try
        {
            await LoginAsync(app, "ops", "second-password");
            await AssertLoginRefusedAsync(app, "ops", "first-password");
        }
        finally
        {
            await app.DisposeAsync();
            database.Delete();
        }
    }

    [Fact]
    public async Task An_existing_user_becomes_an_admin_only_with_its_own_password()
    {
        var database = SharedDatabase.Create(DatabaseProvider.Sqlite);
        var app = new ChatbotApp(DatabaseProvider.Sqlite, database.Settings);
        await app.InitializeAsync();
        try
        {
            await app.Api.NewUserAsync("carol");

            var wrong = await ManageProcess.RunAsync(database.Settings, "not-her-password\n", "createsuperuser", "--username", "carol");
            var right = await ManageProcess.RunAsync(database.Settings, "testpass\n", "createsuperuser", "--username", "Carol");

            Assert.Equal(1, wrong.ExitCode);
            Assert.Equal("Error: that is not the password of user 'carol'.\n", wrong.Errors);
            Assert.True(right.ExitCode == 0, right.Errors);
            Assert.EndsWith("User 'carol' is now an admin.\n", right.Output, StringComparison.Ordinal);
            await LoginAsync(app, "carol", "testpass");
        }
        finally
        {
            await app.DisposeAsync();
            database.Delete();
        }
    }

    [Theory]
    [InlineData("createsuperuser --no-input", "", 1, "Error: You must use --username with --no-input.")]
    [InlineData("createsuperuser --no-input --username ops", "", 1, "Error: You must set CHATBOT_SUPERUSER_PASSWORD with --no-input.")]
    [InlineData("createsuperuser --no-input --username ops", "first-password", 1, "Error: You must use --email with --no-input.")]
    [InlineData("createsuperuser --no-input --username=ops --email=nope", "1234", 1, "Error: email: Enter a valid email address.")]
    [InlineData("createsuperuser --username ops", "", 1, "Error: the input ended before every question was answered.")]
    [InlineData("changepassword nobody", "", 1, "Error: user 'nobody' does not exist")]
    [InlineData("changepassword nobody --no-input", "", 1, "Error: user 'nobody' does not exist")]
    [InlineData("frobnicate", "", 2, "Error: unknown command 'frobnicate'.")]
    [InlineData("createsuperuser --bogus", "", 2, "Error: unknown or misplaced argument '--bogus'.")]
    [InlineData("changepassword --email a@example.com", "", 2, "Error: unknown or misplaced argument '--email'.")]
    [InlineData("", "", 2, "Error: no command given.")]
    public async Task A_mistake_is_one_error_line_and_the_exit_code_says_whose(string arguments, string password, int exitCode, string firstLine)
    {
        var database = SharedDatabase.Create(DatabaseProvider.Sqlite);
        try
        {
            var result = await ManageProcess.RunAsync(database.With("CHATBOT_SUPERUSER_PASSWORD", password), "",
                arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries));

            Assert.Equal(exitCode, result.ExitCode);
            Assert.StartsWith(firstLine + "\n", result.Errors, StringComparison.Ordinal);
            Assert.Equal(exitCode == 2, result.Errors.Contains("Usage: ./run.sh createsuperuser", StringComparison.Ordinal));
        }
        finally
        {
            database.Delete();
        }
    }

    [Fact]
    public async Task Help_prints_the_usage_and_succeeds()
    {
        var result = await ManageProcess.RunAsync(new Dictionary<string, string?>(), "", "--help");

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("Usage: ./run.sh createsuperuser [--username NAME] [--email EMAIL] [--no-input]", result.Output, StringComparison.Ordinal);
    }

    private static async Task<(string Access, string Refresh)> LoginAsync(ChatbotApp app, string username, string password)
    {
        var response = await app.Http.PostAsJsonAsync("/login/", new { username, password });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var tokens = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (tokens.GetProperty("access").GetString()!, tokens.GetProperty("refresh").GetString()!);
    }

    private static async Task AssertLoginRefusedAsync(ChatbotApp app, string username, string password)
        => await ApiEndToEndTests.AssertProblem(
            await app.Http.PostAsJsonAsync("/login/", new { username, password }), HttpStatusCode.Unauthorized, "no_active_account");

    /// <summary>
    /// One database for the commands and the app, in settings' environment form. SQLite is the file the app serves by
    /// default, <c>chatbot.db</c> in the data folder (no connection string, so a developer's local.settings.json cannot
    /// name another); PostgreSQL a database of its own on the test server.
    /// </summary>
    private sealed record SharedDatabase(string DataDirectory, IReadOnlyDictionary<string, string?> Settings)
    {
        public static SharedDatabase Create(DatabaseProvider provider)
        {
            var directory = Directory.CreateTempSubdirectory("chatbot-manage-").FullName;
            var settings = new Dictionary<string, string?>
            {
                ["Chatbot__DataDirectory"] = directory,
                ["Database__Provider"] = provider.ToString(),
                ["ConnectionStrings__Chatbot"] = provider == DatabaseProvider.PostgreSQL
                    ? Databases.FreshDatabaseSettings(provider, directory)["ConnectionStrings:Chatbot"]
                    : "",
                // What the app's tests use: BCrypt at full cost would make each command take a noticeable while.
                ["Passwords__WorkFactor"] = "4",
                ["Passwords__AllowWeakWorkFactor"] = "true",
            };
            return new SharedDatabase(directory, settings);
        }

        public Dictionary<string, string?> With(string name, string value) => new(Settings) { [name] = value };

        public void Delete() => Directory.Delete(DataDirectory, recursive: true);
    }
}
