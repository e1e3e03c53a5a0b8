using System.Text;
using System.Text.RegularExpressions;

namespace Chatbot.LocalHost;

/// <summary>
/// A <c>.env</c> file: the original project's setup keeps the key in one (<c>GOOGLE_GEMINI_API_KEY=...</c>), so
/// <c>./run.sh</c> passes the repository's own with <c>--env-file</c>. One <c>NAME=value</c> a line, as the usual
/// dotenv readers take it: <c>#</c> comments, blank lines, an <c>export </c> prefix, and values in single quotes
/// (literal) or double quotes (with <c>\n</c>, <c>\"</c> and <c>\\</c>). <c>${NAME}</c> is not expanded.
/// <c>Chatbot.Manage</c> shares this file, so <c>./run.sh createsuperuser</c> reads the same settings as the worker.
/// </summary>
internal static partial class DotEnvFile
{
    /// <summary>The app's name for its Gemini key, where a key found under any of <see cref="GeminiKeyNames"/> goes.</summary>
    private const string GeminiKey = "Gemini__ApiKey";

    /// <summary>The names the app takes its Gemini key from, in the order it prefers them (Core's <c>GeminiApiKeyFallback</c>).</summary>
    private static readonly string[] GeminiKeyNames = [GeminiKey, "GEMINI_API_KEY", "GOOGLE_GEMINI_API_KEY"];

    /// <summary>
    /// The file's settings in environment form, the Gemini key under <see cref="GeminiKey"/>. A key the real
    /// environment sets under any of its names keeps the file's out: the app reads all three, so the file's
    /// <c>Gemini__ApiKey</c> would otherwise beat an exported <c>GEMINI_API_KEY</c>.
    /// </summary>
    public static Dictionary<string, string> Read(string path, Func<string, string?> environment)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"--env-file: there is no file {path}.");
        }

        var settings = Parse(File.ReadAllLines(path), path);
        var key = GeminiKeyNames.Select(settings.GetValueOrDefault).FirstOrDefault(value => !string.IsNullOrWhiteSpace(value));
        foreach (var name in GeminiKeyNames)
        {
            settings.Remove(name);
        }

        if (key is not null && GeminiKeyNames.All(name => environment(name) is null))
        {
            settings[GeminiKey] = key;
        }

        return settings;
    }

    /// <summary>The lines' settings, as written; a line that is not a setting is an error that names it.</summary>
    public static Dictionary<string, string> Parse(IEnumerable<string> lines, string source)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        var number = 0;
        foreach (var line in lines)
        {
            number++;
            var text = line.Trim();
            if (text.Length == 0 || text.StartsWith('#'))
            {
                continue;
            }

            var setting = Setting().Match(text);
            if (!setting.Success)
            {
                // The line is not repeated: it may hold a key.
                throw new ArgumentException($"{source} line {number}: expected NAME=value.");
            }

            var value = ParseValue(setting.Groups["value"].Value.TrimStart())
                ?? throw new ArgumentException($"{source} line {number}: the value of {setting.Groups["name"].Value} opens a quote that does not close before the line ends, or goes on after it.");
            settings[setting.Groups["name"].Value] = value;
        }

        return settings;
    }

    /// <summary>An unquoted value ends at a <c>#</c> after a space; a quoted one at its closing quote. Null: a quote not closed, or text after it.</summary>
    private static string? ParseValue(string raw)
    {
        if (raw.StartsWith('\''))
        {
            var end = raw.IndexOf('\'', 1);
            return end < 0 || !IsEndOfLine(raw[(end + 1)..]) ? null : raw[1..end];
        }

        if (raw.StartsWith('"'))
        {
            var value = new StringBuilder();
            for (var i = 1; i < raw.Length; i++)
            {
                if (raw[i] == '"')
                {
                    return IsEndOfLine(raw[(i + 1)..]) ? value.ToString() : null;
                }

                if (raw[i] == '\\' && i + 1 < raw.Length && Escaped(raw[i + 1]) is { } escaped)
                {
                    value.Append(escaped);
                    i++;
                    continue;
                }

                value.Append(raw[i]);
            }

            return null;
        }

        var comment = InlineComment().Match(raw);
        return (comment.Success ? raw[..comment.Index] : raw).TrimEnd();
    }

    private static char? Escaped(char code) => code switch
    {
        'n' => '\n',
        'r' => '\r',
        't' => '\t',
        '"' or '\\' => code,
        _ => null,
    };

    private static bool IsEndOfLine(string rest) => rest.TrimStart() is var tail && (tail.Length == 0 || tail[0] == '#');

    [GeneratedRegex(@"^(?:export\s+)?(?<name>[A-Za-z_][A-Za-z0-9_.]*)\s*=(?<value>.*)$")]
    private static partial Regex Setting();

    [GeneratedRegex(@"\s#")]
    private static partial Regex InlineComment();
}
