namespace OrleansPersonalization.Api.Security;

/// <summary>
/// Endpoint metadata: a token scoped to the user in the path may call this endpoint (what the
/// privacy centre needs: consent, profile, the export, erasure). Every other endpoint refuses tokens.
/// </summary>
public sealed class UserTokenAccess
{
    public static UserTokenAccess Instance { get; } = new();

    private UserTokenAccess()
    {
    }
}
