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
                policy.WithOrigins([.. Origins(configuration)])
                    .WithHeaders("Authorization", "Content-Type")
                    .WithMethods("GET", "PUT", "DELETE")
                    .SetPreflightMaxAge(TimeSpan.FromMinutes(10));
            }));
        return services;
    }

    /// <summary>The listed origins; one that is not an origin (a scheme, a host and maybe a port, no path) stops the start rather than never matching.</summary>
    public static IEnumerable<string> Origins(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        foreach (var origin in configuration.GetSection(OriginsSetting).Get<string[]>() ?? [])
        {
            if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.PathAndQuery != "/" || origin.EndsWith('/'))
            {
                throw new InvalidOperationException($"{OriginsSetting} holds '{origin}', which is not an origin: give scheme, host and port only, such as https://shop.example.");
            }

            yield return uri.GetLeftPart(UriPartial.Authority);
        }
    }
}
