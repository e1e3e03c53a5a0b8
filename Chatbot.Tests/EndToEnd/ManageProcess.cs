using System.Diagnostics;

namespace Chatbot.Tests.EndToEnd;

/// <summary>
/// Chatbot.Manage, the program behind <c>./run.sh createsuperuser</c> and <c>./run.sh changepassword</c>, started from
/// its build output as its own process with its input redirected, as a script would run it. Nothing is built here:
/// the test project references it so that <c>dotnet test</c> builds it first.
/// </summary>
internal static class ManageProcess
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(120);

    public sealed record Result(int ExitCode, string Output, string Errors);

    /// <summary>Runs the program with <paramref name="arguments"/>, typing <paramref name="input"/>; a null value in <paramref name="environment"/> removes the variable.</summary>
    public static async Task<Result> RunAsync(IReadOnlyDictionary<string, string?> environment, string input, params string[] arguments)
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(LocalHostProcess.RepositoryRoot, "Chatbot.Manage", "bin", configuration, "net10.0", "Chatbot.Manage.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The tests say which password, if any, the command may find.
        start.Environment.Remove("CHATBOT_SUPERUSER_PASSWORD");
        foreach (var (name, value) in environment)
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(input);
        process.StandardInput.Close();
        try
        {
            await process.WaitForExitAsync().WaitAsync(Deadline);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"Chatbot.Manage {string.Join(' ', arguments)} did not end within {Deadline.TotalSeconds} s. It printed:\n{await output}\n{await errors}");
        }

        return new Result(process.ExitCode, await output, await errors);
    }
}
