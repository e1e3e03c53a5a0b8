using System.ComponentModel.DataAnnotations;

namespace Chatbot.Core.Auth;

/// <summary>Setting <c>Passwords:WorkFactor</c>: BCrypt's cost; each step doubles the work.</summary>
public sealed class PasswordOptions
{
    public const string SectionName = "Passwords";

    /// <summary>11 costs roughly 100–200 ms on one core today; tests lower it to keep the suite fast.</summary>
    [Range(4, 31)]
    public int WorkFactor { get; set; } = 11;
}
