using Chatbot.LocalHost;

namespace Chatbot.Tests.LocalHost;

public sealed class DotEnvFileTests : IDisposable
{
    private readonly string path = Path.Combine(Directory.CreateTempSubdirectory("chatbot-dotenv-").FullName, ".env");

    [Fact]
    public void Comments_blank_lines_quotes_and_export_are_read_as_the_usual_dotenv_readers_do()
    {
        var settings = DotEnvFile.Parse(
            [
                "# the original project's setup",
                "",
                "   ",
                "PLAIN=value",
                "SPACED = padded value  ",
                "export EXPORTED=yes",
                "TRAILING=kept # a comment",
                "HASH=a#b",
                "SINGLE='literal \\n # not a comment'",
                "DOUBLE=\"line\\none \\\"quoted\\\" \\\\ \\q\"  # a comment",
                "EMPTY=",
                "EQUALS=a=b",
                "Section__Key=nested",
                "PLAIN=the last one wins",
            ],
            ".env");

        Assert.Equal(
            new Dictionary<string, string>
            {
                ["PLAIN"] = "the last one wins",
                ["SPACED"] = "padded value",
                ["EXPORTED"] = "yes",
                ["TRAILING"] = "kept",
                ["HASH"] = "a#b",
                ["SINGLE"] = "literal \\n # not a comment",
                ["DOUBLE"] = "line\none \"quoted\" \\ \\q",
                ["EMPTY"] = "",
                ["EQUALS"] = "a=b",
                ["Section__Key"] = "nested",
            },
            settings);
    }

    [Theory]
    [InlineData("GOOGLE_GEMINI_API_KEY: secret", "line 2: expected NAME=value.")]
    [InlineData("KEY=\"not closed", "line 2: the value of KEY opens a quote")]
    [InlineData("KEY='closed' and more", "line 2: the value of KEY opens a quote")]
    public void A_line_that_is_not_a_setting_is_refused_by_its_number_without_repeating_it(string line, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => DotEnvFile.Parse(["OK=1", line], "/repo/.env"));

        Assert.StartsWith($"/repo/.env {expected}", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GOOGLE_GEMINI_API_KEY")]
    [InlineData("GEMINI_API_KEY")]
    [InlineData("Gemini__ApiKey")]
    public void The_gemini_key_is_read_under_each_name_the_app_knows_and_given_under_its_own(string name)
    {
        File.WriteAllLines(path, [$"{name}=from-the-file", "OTHER=passed through"]);

        var settings = DotEnvFile.Read(path, _ => null);

        Assert.Equal(new Dictionary<string, string> { ["Gemini__ApiKey"] = "from-the-file", ["OTHER"] = "passed through" }, settings);
    }

    [Fact]
    public void The_gemini_key_names_are_preferred_in_the_apps_order_and_an_empty_one_is_skipped()
    {
        File.WriteAllLines(path, ["Gemini__ApiKey=", "GOOGLE_GEMINI_API_KEY=google", "GEMINI_API_KEY=gemini"]);

        Assert.Equal("gemini", DotEnvFile.Read(path, _ => null)["Gemini__ApiKey"]);
    }

    [Theory]
    [InlineData("GOOGLE_GEMINI_API_KEY")]
    [InlineData("GEMINI_API_KEY")]
    [InlineData("Gemini__ApiKey")]
    public void A_key_in_the_real_environment_under_any_name_keeps_the_files_key_out(string name)
    {
        File.WriteAllLines(path, ["GEMINI_API_KEY=from-the-file", "OTHER=passed through"]);

        var settings = DotEnvFile.Read(path, variable => variable == name ? "from-the-environment" : null);

        Assert.Equal(new Dictionary<string, string> { ["OTHER"] = "passed through" }, settings);
    }

    [Fact]
    public void The_files_settings_go_over_local_settings_json()
    {
        var functions = Path.GetDirectoryName(path)!;
        File.WriteAllText(Path.Combine(functions, FunctionApp.WorkerAssembly), "");
        File.WriteAllText(Path.Combine(functions, "local.settings.json"),
            """{ "Values": { "Database__Provider": "Sqlite", "Titles__Enabled": "true", "Gemini__ApiKey": "" } }""");
        File.WriteAllLines(path, ["Database__Provider=PostgreSql", "GOOGLE_GEMINI_API_KEY=from-the-file"]);

        var app = FunctionApp.Load(functions, path);

        Assert.Equal("PostgreSql", app.LocalSettings["Database__Provider"]);
        Assert.Equal("true", app.LocalSettings["Titles__Enabled"]);
        Assert.Equal("from-the-file", app.LocalSettings["Gemini__ApiKey"]);
    }

    [Fact]
    public void A_missing_file_is_refused_with_its_path()
    {
        var error = Assert.Throws<FileNotFoundException>(() => DotEnvFile.Read(path, _ => null));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
}
