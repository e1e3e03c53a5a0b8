using Chatbot.Core.Auth;
using Chatbot.Core.Hosting;
using Microsoft.Extensions.Options;

namespace Chatbot.Tests.Auth;

public sealed class DevelopmentSigningKeyTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("chatbot-key-").FullName;

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void The_generated_key_file_is_readable_and_writable_by_its_owner_only()
    {
        var options = Configure();

        var mode = File.GetUnixFileMode(Path.Combine(directory, "jwt-signing-key.txt"));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, mode);
        Assert.NotNull(JwtOptionsValidator.DecodeKey(options.SigningKey));
    }

    [Fact]
    public void A_second_start_uses_the_key_the_first_one_wrote()
        => Assert.Equal(Configure().SigningKey, Configure().SigningKey);

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private JwtOptions Configure()
    {
        var options = new JwtOptions();
        new DevelopmentSigningKey(Options.Create(new AppDataOptions { DataDirectory = directory })).PostConfigure(null, options);
        return options;
    }
}
