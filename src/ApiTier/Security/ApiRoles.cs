namespace OrleansPersonalization.Api.Security;

public static class ApiRoles
{
    public const string App = "app";
    public const string Admin = "admin";

    /// <summary>Not a key's role: a short-lived token scoped to one user (<see cref="UserTokens"/>).</summary>
    public const string UserToken = "user-token";

    public static IReadOnlyList<string> All { get; } = [App, Admin];
}
