using System.Security.Cryptography;
using Chatbot.Core.Hosting;
using Microsoft.Extensions.Options;

namespace Chatbot.Core.Auth;

/// <summary>
/// In development only: when no signing key is configured, generate one once and keep it in the data folder, so a
/// new user's first run works and tokens survive restarts. Production never takes this path.
/// </summary>
internal sealed class DevelopmentSigningKey(IOptions<AppDataOptions> appData) : IPostConfigureOptions<JwtOptions>
{
    private const string FileName = "jwt-signing-key.txt";

    public void PostConfigure(string? name, JwtOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.SigningKey))
        {
            options.SigningKey = LoadOrCreate(Path.Combine(appData.Value.DataDirectory, FileName));
        }
    }

    private static string LoadOrCreate(string path)
    {
        if (File.Exists(path))
        {
            return File.ReadAllText(path).Trim();
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(JwtOptions.MinimumKeyBytes * 2));
        try
        {
            // CreateNew: if another process won the race, use its key rather than overwrite it.
            using var stream = new FileStream(path, OwnerOnly());
            using var writer = new StreamWriter(stream);
            writer.Write(key);
            return key;
        }
        catch (IOException) when (File.Exists(path))
        {
            return File.ReadAllText(path).Trim();
        }
    }

    /// <summary>The key signs every token: the file is born readable by its owner alone (0600), never widened later.</summary>
    private static FileStreamOptions OwnerOnly()
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        return options;
    }
}
