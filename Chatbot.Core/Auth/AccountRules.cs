using System.Net.Mail;
using System.Text;
using System.Text.RegularExpressions;

namespace Chatbot.Core.Auth;

/// <summary>What a valid account looks like: Django's username rules, a real email, a password worth having.</summary>
public static partial class AccountRules
{
    public const int MaxUsernameLength = 150;
    public const int MaxEmailLength = 254;
    public const int MinPasswordLength = 8;
    public const int MaxPasswordLength = 128;

    public static IReadOnlyDictionary<string, string[]> Validate(string? username, string? email, string? password)
    {
        var errors = new Dictionary<string, string[]>();
        if (UsernameProblem(username) is { } usernameProblem)
        {
            errors["username"] = [usernameProblem];
        }

        if (EmailProblem(email) is { } emailProblem)
        {
            errors["email"] = [emailProblem];
        }

        if (PasswordProblem(password, username) is { } passwordProblem)
        {
            errors["password"] = [passwordProblem];
        }

        return errors;
    }

    /// <summary>
    /// The key usernames are compared by: compatibility forms folded (NFKC), so look-alikes such as fullwidth
    /// "ａdmin" become "admin", then case. Upper case keeps the keys already stored valid.
    /// </summary>
    public static string Normalize(string username)
    {
        try
        {
            return username.Normalize(NormalizationForm.FormKC).ToUpperInvariant();
        }
        catch (ArgumentException)
        {
            // Not valid Unicode (a lone surrogate): no registered name can match it, and validation refuses it.
            return username.ToUpperInvariant();
        }
    }

    /// <summary>What is wrong with <paramref name="username"/> as a new account's name, or null (taken names are not checked here).</summary>
    public static string? UsernameProblem(string? username) => username switch
    {
        null or "" => "This field is required.",
        // NFKC can lengthen a name (one ligature becomes several letters); the key must fit its column too.
        _ when username.Length > MaxUsernameLength || Normalize(username).Length > MaxUsernameLength =>
            $"Ensure this field has no more than {MaxUsernameLength} characters.",
        _ when !UsernamePattern().IsMatch(username) =>
            "Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ characters.",
        _ => null,
    };

    /// <summary>What is wrong with <paramref name="email"/> as an account's address, or null.</summary>
    public static string? EmailProblem(string? email)
    {
        if (string.IsNullOrEmpty(email))
        {
            return "This field is required.";
        }

        if (email.Length > MaxEmailLength)
        {
            return $"Ensure this field has no more than {MaxEmailLength} characters.";
        }

        // MailAddress accepts display names and comments; a plain address must round-trip unchanged.
        var valid = MailAddress.TryCreate(email, out var address)
            && address.Address == email
            && address.Host.Contains('.', StringComparison.Ordinal);
        return valid ? null : "Enter a valid email address.";
    }

    /// <summary>What is wrong with <paramref name="password"/> for the account <paramref name="username"/>, or null: for registration and password changes alike.</summary>
    public static string? PasswordProblem(string? password, string? username) => password switch
    {
        null or "" => "This field is required.",
        { Length: < MinPasswordLength } => $"This password is too short. It must contain at least {MinPasswordLength} characters.",
        { Length: > MaxPasswordLength } => $"Ensure this field has no more than {MaxPasswordLength} characters.",
        _ when password.All(char.IsAsciiDigit) => "This password is entirely numeric.",
        _ when string.Equals(password, username, StringComparison.OrdinalIgnoreCase) => "The password is too similar to the username.",
        _ => null,
    };

    [GeneratedRegex(@"^[\p{L}\p{Nd}_.@+-]+$")]
    private static partial Regex UsernamePattern();
}
