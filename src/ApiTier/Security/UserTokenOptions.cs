namespace OrleansPersonalization.Api.Security;

/// <summary>Section <c>UserTokens</c>: how long a token scoped to one user lives.</summary>
public sealed class UserTokenOptions
{
    public const string Section = "UserTokens";
    public const int MaxLifetimeSeconds = 3600;

    public int LifetimeSeconds { get; set; } = 600;
}
