using System.Security.Claims;

namespace OrleansPersonalization.Api.Security;

public static class ActorRole
{
    /// <summary>The authenticated caller's role, as the audit trail records it.</summary>
    public static string Of(HttpContext context) =>
        context?.User.FindFirstValue(ClaimTypes.Role) ?? throw new InvalidOperationException("The request is not authenticated.");
}
