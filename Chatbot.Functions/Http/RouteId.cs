using System.Globalization;
using Chatbot.Core.Errors;

namespace Chatbot.Functions.Http;

internal static class RouteId
{
    /// <summary>
    /// Ids are positive 64-bit integers. Anything else names no resource, so it is answered as Django's
    /// <c>&lt;int:pk&gt;</c> routes answer it: 404, here as problem+json.
    /// </summary>
    public static long Parse(string value, string what)
        => long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0
            ? id
            : throw ProblemException.NotFound(what);
}
