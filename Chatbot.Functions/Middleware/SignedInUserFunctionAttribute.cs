namespace Chatbot.Functions.Middleware;

/// <summary>
/// Marks an <c>admin/</c> route that any signed-in user may call (claiming the first admin). Every other route under
/// <c>admin/</c> needs an active admin: a new admin route is closed to users unless someone decides otherwise.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class SignedInUserFunctionAttribute : Attribute;
