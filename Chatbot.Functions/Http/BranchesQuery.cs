using Chatbot.Core.Errors;
using Microsoft.AspNetCore.Http;

namespace Chatbot.Functions.Http;

/// <summary><c>?branches=all</c>: every message of a session's tree rather than its current branch.</summary>
internal static class BranchesQuery
{
    public static bool WantsAll(HttpRequest request) => request.Query["branches"].ToString() switch
    {
        "" or "current" => false,
        "all" => true,
        _ => throw ProblemException.Validation("branches", "Must be all or current."),
    };
}
