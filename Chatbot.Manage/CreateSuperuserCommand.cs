using Chatbot.Core.Auth;
using Chatbot.Core.Operators;

namespace Chatbot.Manage;

/// <summary>
/// <c>createsuperuser</c>, as Django's: asks a username (your login name by default), an email address and a password
/// twice, each checked as <c>/register/</c> checks it and asked again when wrong, and makes an active admin. A username
/// that exists is promoted once its password is given. <c>--no-input</c> asks nothing.
/// </summary>
internal sealed class CreateSuperuserCommand(Superusers superusers, OperatorConsole console)
{
    public async Task RunAsync(ManageCommandLine commandLine, string? passwordFromEnvironment, CancellationToken cancellationToken)
    {
        var outcome = commandLine.NoInput
            ? await RunWithoutInputAsync(commandLine, passwordFromEnvironment, cancellationToken)
            : await RunInteractivelyAsync(commandLine, cancellationToken);
        console.Say(outcome.Promoted ? $"User '{outcome.Username}' is now an admin." : "Superuser created successfully.");
    }

    private async Task<SuperuserOutcome> RunWithoutInputAsync(ManageCommandLine commandLine, string? password, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(commandLine.Username))
        {
            throw new CommandError("You must use --username with --no-input.");
        }

        if (string.IsNullOrEmpty(password))
        {
            throw new CommandError($"You must set {ManageCommandLine.PasswordVariable} with --no-input.");
        }

        if (string.IsNullOrEmpty(commandLine.Email) && await superusers.FindUsernameAsync(commandLine.Username, cancellationToken) is null)
        {
            throw new CommandError("You must use --email with --no-input.");
        }

        return await superusers.CreateOrPromoteAsync(commandLine.Username, commandLine.Email, password, cancellationToken);
    }

    private async Task<SuperuserOutcome> RunInteractivelyAsync(ManageCommandLine commandLine, CancellationToken cancellationToken)
    {
        var username = await AskUsernameAsync(commandLine.Username, cancellationToken);
        if (await superusers.FindUsernameAsync(username, cancellationToken) is { } existing)
        {
            console.Say($"User '{existing}' already exists. Give its password to make it an admin.");
            return await superusers.CreateOrPromoteAsync(existing, email: null, console.AskSecret("Password: "), cancellationToken);
        }

        var email = AskEmail(commandLine.Email);
        return await superusers.CreateOrPromoteAsync(username, email, console.AskNewPassword(username), cancellationToken);
    }

    private async Task<string> AskUsernameAsync(string? given, CancellationToken cancellationToken)
    {
        if (given is not null)
        {
            if (AccountRules.UsernameProblem(given) is not { } problem)
            {
                return given;
            }

            console.Error(problem);
        }

        var fallback = await DefaultUsernameAsync(cancellationToken);
        while (true)
        {
            var typed = console.Ask(fallback is null ? "Username: " : $"Username (leave blank to use '{fallback}'): ");
            if (typed.Length == 0 && fallback is not null)
            {
                return fallback;
            }

            if (AccountRules.UsernameProblem(typed) is { } problem)
            {
                console.Error(problem);
                continue;
            }

            return typed;
        }
    }

    /// <summary>As Django's: the login name of whoever runs the command, when it is a valid username nobody has taken yet.</summary>
    private async Task<string?> DefaultUsernameAsync(CancellationToken cancellationToken)
    {
        var loginName = Environment.UserName;
        return AccountRules.UsernameProblem(loginName) is null && await superusers.FindUsernameAsync(loginName, cancellationToken) is null
            ? loginName
            : null;
    }

    private string AskEmail(string? given)
    {
        if (given is not null)
        {
            if (AccountRules.EmailProblem(given) is not { } problem)
            {
                return given;
            }

            console.Error(problem);
        }

        while (true)
        {
            var typed = console.Ask("Email address: ");
            if (AccountRules.EmailProblem(typed) is { } problem)
            {
                console.Error(problem);
                continue;
            }

            return typed;
        }
    }
}
