namespace OrleansPersonalization.Api.Security;

/// <summary>
/// Cross-origin access for the privacy centre embedded in an application's own pages: only the
/// origins an operator lists (<c>Api:Cors:Origins</c>), only the endpoints a user token may call and
/// the notice, only the Authorization and Content-Type headers, and never cookies. With no origin
/// listed, no cross-origin request is allowed.
/// </summary>
public static class CorsSetup
{
    public const string PrivacyCentrePolicy = "privacy-centre";
    public const string OriginsSetting = "Api:Cors:Origins";

    public static IServiceCollection AddPrivacyCentreCors(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddCors();
        services.AddOptions<Microsoft.AspNetCore.Cors.Infrastructure.CorsOptions>().Configure(cors =>
            cors.AddPolicy(PrivacyCentrePolicy, policy =>
            {
                var origins = configuration.GetSection(OriginsSetting).Get<string[]>() ?? [];
                policy.WithOrigins([.. origins.Where(o => Uri.TryCreate(o, UriKind.Absolute, out _)).Select(o => o.TrimEnd('/'))])
                    .WithHeaders("Authorization", "Content-Type")
                    .WithMethods("GET", "PUT", "DELETE")
                    .SetPreflightMaxAge(TimeSpan.FromMinutes(10));
            }));
        return services;
    }
}
