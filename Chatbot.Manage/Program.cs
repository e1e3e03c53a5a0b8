using Chatbot.Core;
using Chatbot.Core.Data;
using Chatbot.Core.Errors;
using Chatbot.Core.Operators;
using Chatbot.Manage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

// Exit codes as Django's manage.py: 0 done, 1 the command failed (CommandError), 2 the command line is wrong.
ManageCommandLine commandLine;
try
{
    commandLine = ManageCommandLine.Parse(args);
}
catch (UsageError wrong)
{
    await Console.Error.WriteLineAsync($"Error: {wrong.Message}\n\n{ManageCommandLine.Usage}");
    return 2;
}

if (commandLine.Command == ManageCommandLine.Help)
{
    Console.WriteLine(ManageCommandLine.Usage);
    return 0;
}

var console = OperatorConsole.ForThisProcess();
Console.CancelKeyPress += (_, cancel) =>
{
    // Django's words and exit code for Ctrl+C at a question.
    cancel.Cancel = true;
    Console.Error.WriteLine();
    Console.Error.WriteLine("Operation cancelled.");
    Environment.Exit(1);
};

try
{
    var configuration = LoadSettings(commandLine.EnvFile);
    var services = new ServiceCollection();
    // No log provider: the command says what happened itself, and the app's start-up lines would only clutter it.
    services.AddLogging();
    services.AddChatbotCore(configuration, ManageSettings.IsDevelopment(configuration));
    await using var provider = services.BuildServiceProvider();
    await PrepareDatabaseAsync(provider);

    await using var scope = provider.CreateAsyncScope();
    var superusers = scope.ServiceProvider.GetRequiredService<Superusers>();
    var password = Environment.GetEnvironmentVariable(ManageCommandLine.PasswordVariable);
    if (commandLine.Command == ManageCommandLine.CreateSuperuser)
    {
        await new CreateSuperuserCommand(superusers, console).RunAsync(commandLine, password, CancellationToken.None);
    }
    else
    {
        await new ChangePasswordCommand(superusers, console).RunAsync(commandLine, password, CancellationToken.None);
    }

    return 0;
}
catch (CommandError failed)
{
    console.Error(failed.Message);
    return 1;
}
catch (ProblemException refused)
{
    if (refused.Errors is { } errors)
    {
        foreach (var (field, messages) in errors)
        {
            foreach (var message in messages)
            {
                console.Error($"{field}: {message}");
            }
        }
    }
    else
    {
        console.Error(refused.Message);
    }

    return 1;
}
catch (OptionsValidationException invalid)
{
    console.Error(string.Join(" ", invalid.Failures));
    return 1;
}

static IConfiguration LoadSettings(string? envFile)
{
    try
    {
        return ManageSettings.Load(envFile);
    }
    catch (Exception unreadable) when (unreadable is ArgumentException or IOException)
    {
        // A .env file that is missing or has a line that is not a setting; the message names the file and the line.
        throw new CommandError(unreadable.Message);
    }
}

// As the worker does at start: the schema brought up to date first. Any failure here is the database's (unreachable,
// refused, a migration that fails): one line with the reason, not a stack trace.
static async Task PrepareDatabaseAsync(IServiceProvider services)
{
    try
    {
        await DatabaseInitializer.InitializeAsync(services);
    }
    catch (Exception failure) when (failure is not OptionsValidationException)
    {
        throw new CommandError($"the database could not be prepared: {failure.Message}");
    }
}
