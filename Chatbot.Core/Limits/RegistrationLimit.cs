using Chatbot.Core.Data;
using Chatbot.Core.Errors;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Chatbot.Core.Limits;

/// <summary>
/// At most <see cref="LimitsOptions.RegistrationsPerAddressPerHour"/> registration attempts from one client address in
/// any hour, whatever their answer: a refused one (a taken name above all) tells a prober as much as a new account
/// does, so probing uses up the same allowance.
/// </summary>
public sealed class RegistrationLimit(ChatbotDbContext db, IOptions<LimitsOptions> options, TimeProvider time)
{
    private static readonly TimeSpan Window = TimeSpan.FromHours(1);

    private LimitsOptions Limits => options.Value;

    public async Task EnsureAllowedAsync(string clientAddress, CancellationToken cancellationToken)
    {
        if (!Limits.Enabled)
        {
            return;
        }

        clientAddress = ClientAddresses.Fit(clientAddress);
        var now = time.GetDatabaseNow();
        var windowStart = now - Window;
        var recent = await db.AddressRegistrations.AsNoTracking()
            .Where(registration => registration.ClientAddress == clientAddress && registration.RegisteredAt > windowStart)
            .OrderBy(registration => registration.RegisteredAt)
            .Select(registration => registration.RegisteredAt)
            .ToListAsync(cancellationToken);
        if (SlidingWindow.ReopensAt(recent, Limits.RegistrationsPerAddressPerHour, Window) is { } reopensAt
            && reopensAt > now)
        {
            throw new ProblemException(ProblemKind.TooManyRequests, "too_many_registrations", "Too many registrations from this address. Try again later.")
            {
                RetryAfter = reopensAt - now,
            };
        }
    }

    /// <summary>Counts an attempt before it is looked at; not cancellable, so hanging up once the answer is known escapes nothing.</summary>
    public async Task RecordAttemptAsync(string clientAddress)
    {
        if (!Limits.Enabled)
        {
            return;
        }

        var now = time.GetDatabaseNow();
        db.AddressRegistrations.Add(new AddressRegistration { ClientAddress = ClientAddresses.Fit(clientAddress), RegisteredAt = now });
        await db.SaveChangesAsync(CancellationToken.None);

        var windowStart = now - Window;
        await db.AddressRegistrations.Where(registration => registration.RegisteredAt <= windowStart).ExecuteDeleteAsync(CancellationToken.None);
    }
}
