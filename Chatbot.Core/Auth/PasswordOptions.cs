using System.ComponentModel.DataAnnotations;

namespace Chatbot.Core.Auth;

/// <summary>
/// Setting <c>Passwords:WorkFactor</c>: BCrypt's cost; each step doubles the work. Below
/// <see cref="MinimumWorkFactor"/> the app refuses to start, unless <c>Passwords:AllowWeakWorkFactor</c> says this
/// is a test run (the test suite hashes thousands of passwords and uses 4).
/// </summary>
public sealed class PasswordOptions : IValidatableObject
{
    public const string SectionName = "Passwords";

    /// <summary>OWASP's floor for BCrypt; each step below it halves what an attacker with the hashes must spend.</summary>
    public const int MinimumWorkFactor = 10;

    /// <summary>
    /// 10, OWASP's floor, costs about 75 ms of one core today, so two cores check some 25 logins a second; each step
    /// up doubles that cost (11 halves the logins a core can check).
    /// </summary>
    [Range(4, 31)]
    public int WorkFactor { get; set; } = MinimumWorkFactor;

    /// <summary>For tests only: lets <see cref="WorkFactor"/> go below <see cref="MinimumWorkFactor"/>.</summary>
    public bool AllowWeakWorkFactor { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (WorkFactor < MinimumWorkFactor && !AllowWeakWorkFactor)
        {
            yield return new ValidationResult(
                $"Passwords:WorkFactor is {WorkFactor}; BCrypt below {MinimumWorkFactor} is too cheap to guess against (set 10 or more).",
                [nameof(WorkFactor)]);
        }
    }
}
