namespace OrleansPersonalization.Api.Security;

public static class ApiRoles
{
    public const string App = "app";
    public const string Admin = "admin";

    public static IReadOnlyList<string> All { get; } = [App, Admin];
}
