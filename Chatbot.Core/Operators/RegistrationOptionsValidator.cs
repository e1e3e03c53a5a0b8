using Microsoft.Extensions.Options;

namespace Chatbot.Core.Operators;

/// <summary>
/// A mistyped <c>Registration__Mode</c> stops the app at start-up: guessing a mode for it could open sign-ups the
/// operator meant to close.
/// </summary>
internal sealed class RegistrationOptionsValidator : IValidateOptions<RegistrationOptions>
{
    public ValidateOptionsResult Validate(string? name, RegistrationOptions options)
        => RegistrationModeNames.TryParse(options.Mode, out _)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"{RegistrationOptions.SectionName}:{nameof(options.Mode)} must be one of {string.Join(", ", RegistrationModeNames.All)}, not '{options.Mode}'.");
}
