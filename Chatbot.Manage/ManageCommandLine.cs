namespace Chatbot.Manage;

/// <summary>
/// The command line: <c>[--env-file PATH] createsuperuser [--username NAME] [--email EMAIL] [--no-input]</c> or
/// <c>[--env-file PATH] changepassword [USERNAME] [--no-input]</c>, with Django's spellings accepted too
/// (<c>--noinput</c>, <c>--username=NAME</c>).
/// </summary>
internal sealed record ManageCommandLine(string Command, string? Username, string? Email, bool NoInput, string? EnvFile)
{
    public const string CreateSuperuser = "createsuperuser";
    public const string ChangePassword = "changepassword";
    public const string Help = "help";

    /// <summary>Where <c>--no-input</c> takes the password from (Django's is <c>DJANGO_SUPERUSER_PASSWORD</c>).</summary>
    public const string PasswordVariable = "CHATBOT_SUPERUSER_PASSWORD";

    public const string Usage = """
        Usage: ./run.sh createsuperuser [--username NAME] [--email EMAIL] [--no-input]
               ./run.sh changepassword [USERNAME] [--no-input]

          createsuperuser   make an active admin: a new account, or an existing one once you give its password
          changepassword    set an account's password (default: your login name), end all its logins and
                            forgive its failed logins, so a locked-out admin can sign in again
          --no-input        ask nothing: the password comes from CHATBOT_SUPERUSER_PASSWORD

        The database is the one ./run.sh serves, from the same settings: the environment (Database__Provider,
        ConnectionStrings__Chatbot, Chatbot__DataDirectory), then the .env file (--env-file PATH; ./run.sh passes
        ./.env), then Chatbot.Functions/local.settings.json. It is migrated first if it needs to be.
        """;

    public static ManageCommandLine Parse(IReadOnlyList<string> args)
    {
        string? command = null;
        string? username = null;
        string? email = null;
        var noInput = false;
        string? envFile = null;
        for (var i = 0; i < args.Count; i++)
        {
            var (name, inlineValue) = SplitOption(args[i]);
            switch (name)
            {
                case "-h" or "--help":
                    return new ManageCommandLine(Help, null, null, false, null);
                case "--env-file":
                    envFile = Path.GetFullPath(inlineValue ?? ValueAfter(args, ref i, name));
                    break;
                case "--username" when command == CreateSuperuser:
                    username = inlineValue ?? ValueAfter(args, ref i, name);
                    break;
                case "--email" when command == CreateSuperuser:
                    email = inlineValue ?? ValueAfter(args, ref i, name);
                    break;
                case "--no-input" or "--noinput" when command is not null && inlineValue is null:
                    noInput = true;
                    break;
                case CreateSuperuser or ChangePassword when command is null:
                    command = name;
                    break;
                case var positional when command == ChangePassword && username is null && !positional.StartsWith('-'):
                    username = positional;
                    break;
                case var other when command is null && !other.StartsWith('-'):
                    throw new UsageError($"unknown command '{other}'.");
                default:
                    throw new UsageError($"unknown or misplaced argument '{args[i]}'.");
            }
        }

        return command is null
            ? throw new UsageError("no command given.")
            : new ManageCommandLine(command, username, email, noInput, envFile);
    }

    /// <summary><c>--name=value</c> as <c>(--name, value)</c>; anything else as itself with no value.</summary>
    private static (string Name, string? Value) SplitOption(string argument)
        => argument.StartsWith("--", StringComparison.Ordinal) && argument.IndexOf('=', StringComparison.Ordinal) is > 2 and var equals
            ? (argument[..equals], argument[(equals + 1)..])
            : (argument, null);

    private static string ValueAfter(IReadOnlyList<string> args, ref int i, string name)
        => ++i < args.Count ? args[i] : throw new UsageError($"{name} needs a value.");
}
