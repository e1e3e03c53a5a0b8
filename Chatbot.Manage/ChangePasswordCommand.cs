using Chatbot.Core.Operators;

namespace Chatbot.Manage;

/// <summary>
/// <c>changepassword [USERNAME]</c>, as Django's (your login name when none is given): asks the new password twice,
/// or takes it from <c>CHATBOT_SUPERUSER_PASSWORD</c> with <c>--no-input</c>. Every login of the account ends and its
/// failed logins are forgiven: how a locked-out admin gets back in.
/// </summary>
internal sealed class ChangePasswordCommand(Superusers superusers, OperatorConsole console)
{
    public async Task RunAsync(ManageCommandLine commandLine, string? passwordFromEnvironment, CancellationToken cancellationToken)
    {
        var requested = commandLine.Username ?? Environment.UserName;
        var username = await superusers.FindUsernameAsync(requested, cancellationToken) ?? throw Superusers.UnknownUser(requested);
        string password;
        if (commandLine.NoInput)
        {
            password = string.IsNullOrEmpty(passwordFromEnvironment)
                ? throw new CommandError($"You must set {ManageCommandLine.PasswordVariable} with --no-input.")
                : passwordFromEnvironment;
        }
        else
        {
            console.Say($"Changing password for user '{username}'");
            password = console.AskNewPassword(username);
        }

        await superusers.ResetPasswordAsync(username, password, cancellationToken);
        console.Say($"Password changed successfully for user '{username}'");
    }
}
