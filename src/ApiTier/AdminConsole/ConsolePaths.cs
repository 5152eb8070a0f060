namespace OrleansPersonalization.Api.AdminConsole;

/// <summary>
/// Where the admin console lives. Everything under <see cref="Root"/> is the console: its pages, its
/// session, the same administration endpoints as <c>/v1/admin</c> under <see cref="Api"/>, and the
/// Orleans dashboard, all behind one cookie session that is sent nowhere else.
/// </summary>
public static class ConsolePaths
{
    public const string Root = "/admin";
    public const string Session = Root + "/session";
    public const string Api = Root + "/api";
    public const string Dashboard = Root + "/dashboard";
    public const string PrivacyCentre = "/privacy";
}
