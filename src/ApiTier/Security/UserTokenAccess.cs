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

public static class UserTokenAccessExtensions
{
    /// <summary>
    /// A token scoped to the user in the path may call this endpoint, and so may the privacy centre
    /// embedded on an origin the operator listed (CORS): the two go together, and only here.
    /// </summary>
    public static TBuilder AllowUserToken<TBuilder>(this TBuilder endpoint)
        where TBuilder : IEndpointConventionBuilder =>
        endpoint.WithMetadata(UserTokenAccess.Instance).RequireCors(CorsSetup.PrivacyCentrePolicy);
}
