using Microsoft.Extensions.Options;

namespace Chatbot.Core.Limits;

/// <summary>A negative hop count is a typo, caught at start-up with one line naming the setting.</summary>
internal sealed class ClientAddressOptionsValidator : IValidateOptions<ClientAddressOptions>
{
    public ValidateOptionsResult Validate(string? name, ClientAddressOptions options)
        => options.TrustedProxyHops < 0
            ? ValidateOptionsResult.Fail(
                $"{ClientAddressOptions.SectionName}:{nameof(options.TrustedProxyHops)} must be 0 or more, not {options.TrustedProxyHops}.")
            : ValidateOptionsResult.Success;
}
