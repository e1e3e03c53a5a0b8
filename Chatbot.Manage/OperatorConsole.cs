using System.Text;
using Chatbot.Core.Auth;

namespace Chatbot.Manage;

/// <summary>
/// The questions a command asks and what it says back. Prompts and results go to the output, errors to the error
/// stream. A password typed at a terminal is not echoed; from redirected input (a script, a test) it is read as a
/// plain line, as Django's <c>getpass</c> falls back to.
/// </summary>
internal sealed class OperatorConsole(TextReader input, TextWriter output, TextWriter errors, bool atTerminal)
{
    public static OperatorConsole ForThisProcess() => new(Console.In, Console.Out, Console.Error, !Console.IsInputRedirected);

    public string Ask(string prompt)
    {
        output.Write(prompt);
        output.Flush();
        return input.ReadLine() ?? throw InputEnded();
    }

    public string AskSecret(string prompt)
    {
        if (!atTerminal)
        {
            return Ask(prompt);
        }

        output.Write(prompt);
        output.Flush();
        var typed = new StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            switch (key.Key)
            {
                case ConsoleKey.Enter:
                    output.WriteLine();
                    return typed.ToString();
                case ConsoleKey.Backspace when typed.Length > 0:
                    typed.Length--;
                    break;
                case ConsoleKey.D when key.Modifiers == ConsoleModifiers.Control && typed.Length == 0:
                    output.WriteLine();
                    throw InputEnded();
                default:
                    if (!char.IsControl(key.KeyChar))
                    {
                        typed.Append(key.KeyChar);
                    }

                    break;
            }
        }
    }

    /// <summary>
    /// A new password for <paramref name="username"/>, typed twice and held to the rules of <c>/register/</c>; asked
    /// again, with the reason, until both agree and it is good.
    /// </summary>
    public string AskNewPassword(string username)
    {
        while (true)
        {
            var password = AskSecret("Password: ");
            var again = AskSecret("Password (again): ");
            if (!string.Equals(password, again, StringComparison.Ordinal))
            {
                Error("Your passwords didn't match.");
            }
            else if (AccountRules.PasswordProblem(password, username) is { } problem)
            {
                Error(problem);
            }
            else
            {
                return password;
            }
        }
    }

    public void Say(string line) => output.WriteLine(line);

    public void Error(string message) => errors.WriteLine($"Error: {message}");

    private static CommandError InputEnded() => new("the input ended before every question was answered.");
}
