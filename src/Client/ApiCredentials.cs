namespace OrleansPersonalization.Client;

/// <summary>
/// The credentials a client holds. Each request carries only the one its endpoint needs: the app key
/// for data-subject endpoints, the admin key for the catalog and administration, and a user token
/// (for a browser-facing client acting for one user) in place of the app key. Any may be absent.
/// </summary>
public sealed record ApiCredentials(string? AppKey = null, string? AdminKey = null, string? UserToken = null)
{
    public static ApiCredentials App(string appKey) => new(AppKey: appKey);

    public static ApiCredentials Admin(string adminKey) => new(AdminKey: adminKey);

    public static ApiCredentials ForUser(string userToken) => new(UserToken: userToken);

    /// <summary>Keys are secrets: never printed.</summary>
    public override string ToString() =>
        $"ApiCredentials {{ AppKey = {(AppKey is null ? "none" : "***")}, AdminKey = {(AdminKey is null ? "none" : "***")}, UserToken = {(UserToken is null ? "none" : "***")} }}";
}
