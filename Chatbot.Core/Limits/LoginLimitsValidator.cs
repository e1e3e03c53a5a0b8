using Microsoft.Extensions.Options;

namespace Chatbot.Core.Limits;

/// <summary>The login, registration and search settings: a limit of 0 or a window of nothing is a typo, caught at start-up.</summary>
internal sealed class LoginLimitsValidator : IValidateOptions<LimitsOptions>
{
    public ValidateOptionsResult Validate(string? name, LimitsOptions options)
    {
        var failures = new List<string>();
        AtLeastOne(failures, nameof(options.LoginFailuresPerUser), options.LoginFailuresPerUser);
        AtLeastOne(failures, nameof(options.LoginFailuresPerAddress), options.LoginFailuresPerAddress);
        AtLeastOne(failures, nameof(options.RegistrationsPerAddressPerHour), options.RegistrationsPerAddressPerHour);
        AtLeastOne(failures, nameof(options.SearchesPerUserPerMinute), options.SearchesPerUserPerMinute);
        if (options.LoginWindow <= TimeSpan.Zero)
        {
            failures.Add($"{LimitsOptions.SectionName}:{nameof(options.LoginWindow)} must be positive, not {options.LoginWindow}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void AtLeastOne(List<string> failures, string setting, int value)
    {
        if (value < 1)
        {
            failures.Add($"{LimitsOptions.SectionName}:{setting} must be at least 1, not {value}.");
        }
    }
}
