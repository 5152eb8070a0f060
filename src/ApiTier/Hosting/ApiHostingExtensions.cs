using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Dashboard;
using OrleansPersonalization.Api.AdminConsole;
using OrleansPersonalization.Api.Endpoints;
using OrleansPersonalization.Api.Degradation;
using OrleansPersonalization.Api.Documentation;
using OrleansPersonalization.Api.Http;
using OrleansPersonalization.Api.Security;
using OrleansPersonalization.Api.Telemetry;
using OrleansPersonalization.Domain.Model;
using OrleansPersonalization.Domain.Privacy;
using OrleansPersonalization.Storage;

namespace OrleansPersonalization.Api.Hosting;

public static class ApiHostingExtensions
{
    public const string AppPolicy = "app";
    public const string AdminPolicy = "admin";

    /// <summary>The user endpoints: an app key, or a token scoped to the user in the path (checked by <see cref="UserKeyFilter"/>).</summary>
    public const string SubjectPolicy = "subject";
    private const string KeyOrTokenScheme = "KeyOrToken";
    public const string ApiHostingSetting = "Api:Hosting";

    /// <summary>
    /// The API tier's services. <paramref name="hostSilo"/> is how a host that is also a silo adds it
    /// (src/Api, the embedded default); without it, or with <c>Api:Hosting=Client</c>, the API joins the
    /// configured cluster as a client (src/Gateway, and src/Api in cluster mode).
    /// </summary>
    public static WebApplicationBuilder AddPersonalizationApi(this WebApplicationBuilder builder, Action<WebApplicationBuilder>? hostSilo = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configuration = builder.Configuration;

        // Without a silo of its own the API is a cluster client whatever its settings say, so what
        // checks for client mode (no locally generated secret or keys, which would split users
        // between instances; no demo seed into a real cluster) sees it.
        if (hostSilo is null)
        {
            configuration.AddInMemoryCollection([new(ApiHostingSetting, nameof(ApiHosting.Client))]);
        }

        var clientMode = configuration.GetValue<ApiHosting>(ApiHostingSetting) == ApiHosting.Client;

        // The hosting diagnostics log the raw request path, which holds the user id: never enable them.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            // Bodies are limited per endpoint by JsonBody (64 KiB, bulk bodies 1 MiB, a catalog batch 8 MiB); this is the default for anything else.
            kestrel.Limits.MaxRequestBodySize = JsonBody.DefaultMaxBytes;
        });

        var services = builder.Services;
        services.AddOptions<PrivacyOptions>().Bind(configuration.GetSection(PrivacyOptions.Section))
            .Validate(privacy => Validation.PolicyVersions.IsValid(privacy.PolicyVersion), "Privacy:PolicyVersion must be a version: " + Validation.PolicyVersions.Rule)
            .ValidateOnStart();
        services.Configure<SeedOptions>(configuration.GetSection(SeedOptions.Section));

        // The notice states k; in client mode the silos enforce it, so both read the same Model section.
        services.Configure<ModelOptions>(configuration.GetSection(ModelOptions.Section));
        services.TryAddKeyedSingleton(Clocks.Domain, TimeProvider.System);
        // Configuration is read when services are resolved, so every configuration source (tests included) applies.
        // The API's secrets live in the key folder, apart from the data (see EmbeddedStoreOptions.KeyDirectory).
        services.AddSingleton(sp => PseudonymizationSecret.Load(Config(sp), KeyFolder(sp, PseudonymizationSecret.EmbeddedFileName)));
        services.AddSingleton(sp => ApiKeyProvisioning.Load(Config(sp), KeyFolder(sp, ApiKeyProvisioning.EmbeddedFileName), Console.Out));
        services.ConfigureHttpJsonOptions(json => ApiJson.ConfigureResponses(json.SerializerOptions));
        services.AddProblemDetails(problems => problems.CustomizeProblemDetails = context =>
        {
            // Every problem carries a detail, also those produced by the framework (404, 405, 500).
            context.ProblemDetails.Detail ??= context.ProblemDetails.Title ?? "The request could not be processed.";
        });

        services.AddPersonalizationOpenApi();
        builder.AddPersonalizationTelemetry();
        services.Configure<UserTokenOptions>(configuration.GetSection(UserTokenOptions.Section));
        services.AddSingleton<UserTokens>();

        // A request carries an API key, or (from a browser) a token scoped to one user. A key decides
        // when there is one, whatever else the request carries (a proxy's Authorization header).
        // The console (everything under /admin) is the one place a session cookie authenticates.
        services.AddAuthentication(KeyOrTokenScheme)
            .AddPolicyScheme(KeyOrTokenScheme, null, scheme => scheme.ForwardDefaultSelector = context =>
                context.Request.Path.StartsWithSegments(ConsolePaths.Root) ? AdminSession.Scheme
                : context.Request.Headers.ContainsKey(ApiKeyAuthenticationHandler.HeaderName) || context.Request.Headers.Authorization.Count == 0
                    ? ApiKeyAuthenticationHandler.SchemeName
                    : UserTokenAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
            .AddScheme<AuthenticationSchemeOptions, UserTokenAuthenticationHandler>(UserTokenAuthenticationHandler.SchemeName, null)
            .AddAdminSession();
        services.AddPrivacyCentreCors(configuration);
        services.AddApiRateLimiting(configuration);
        services.AddPrivacyRedaction();
        services.AddAuthorizationBuilder()
            .AddPolicy(AppPolicy, policy => policy.RequireAuthenticatedUser().RequireRole(ApiRoles.App))
            .AddPolicy(AdminPolicy, policy => policy.RequireAuthenticatedUser().RequireRole(ApiRoles.Admin))
            .AddPolicy(SubjectPolicy, policy => policy.RequireAuthenticatedUser().RequireRole(ApiRoles.App, ApiRoles.UserToken))
            .AddPolicy(ConsoleEndpoints.Policy, policy => policy.AddAuthenticationSchemes(AdminSession.Scheme).RequireAuthenticatedUser().RequireRole(ApiRoles.Admin));

        if (clientMode)
        {
            // Cluster mode: the API is a separate tier, an Orleans client of the silos.
            builder.UseOrleansClient(client => client
                .UseConfiguredClustering(configuration)
                .AddDashboard());
        }
        else if (hostSilo is not null)
        {
            hostSilo(builder);
        }

        // Registered after the silo, so they start once grains can be called. A cluster's API tier
        // never seeds demo data into it.
        if (!clientMode)
        {
            services.AddHostedService<DemoSeeder>();
        }

        services.AddOptions<ReadDeadlineOptions>().BindConfiguration(ReadDeadlineOptions.Section)
            .Validate(o => o.RecommendationDeadlineMilliseconds is > 0 and <= 60_000 && o.PopularRefreshSeconds is > 0 and <= 3600, "Api:Reads needs a deadline of 1 ms to 60 s and a refresh of 1 s to 1 h.")
            .ValidateOnStart();
        services.AddSingleton<PopularFallback>();
        services.AddSingleton<DegradedReadMetrics>();
        services.AddHostedService<PopularFallbackRefresher>();
        return builder;
    }

    public static WebApplication MapPersonalizationApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);

        // Resolve the keys at start-up, so a first start prints its generated keys right away.
        _ = app.Services.GetRequiredService<ApiKeyStore>();

        // A listed CORS origin that is not an origin would silently never match: refuse to start instead.
        _ = CorsSetup.Origins(app.Configuration).ToList();

        // And the pseudonymizer, which refuses to run without Unicode normalization: fail at start, not per request.
        _ = app.Services.GetRequiredService<OrleansPersonalization.Domain.Pseudonymization.UserPseudonymizer>();
        app.UseMiddleware<SecurityHeadersMiddleware>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<RequestLoggingMiddleware>();
        app.UseWebPages();

        // Before authentication: a preflight carries no credentials and is answered here.
        app.UseCors();
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        app.UseMiddleware<ClusterRetryMiddleware>();

        app.MapOperationsEndpoints();
        app.MapPersonalizationDocumentation();
        app.MapPersonalizationTelemetry();

        // Problems any keyed endpoint can answer, whatever it does: no or a wrong key, too many
        // requests, the cluster unreachable.
        var v1 = app.MapGroup("/v1")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        var users = v1.MapGroup("/users/{userId}").RequireAuthorization(SubjectPolicy).AddEndpointFilter<UserKeyFilter>();
        users.MapConsentEndpoints();
        users.MapUserEventEndpoints();
        users.MapProfileEndpoints();
        users.MapRecommendationEndpoints();
        users.MapDataSubjectEndpoints();
        users.MapUserTokenEndpoints();

        v1.MapGroup("").RequireAuthorization(AppPolicy).MapBulkEventEndpoints();
        v1.MapGroup("/items").RequireAuthorization(AppPolicy).MapSimilarItemEndpoints();
        v1.MapGroup("/items").RequireAuthorization(AdminPolicy).MapCatalogAdminEndpoints();
        v1.MapGroup("/admin").RequireAuthorization(AdminPolicy).MapAdminEndpoints();

        // Operators' live view of silos and grains; it shows grain ids (pseudonyms), so admins only.
        app.MapOrleansDashboard(routePrefix: "/dashboard").RequireAuthorization(AdminPolicy);
        app.MapAdminConsole();
        return app;
    }

    private static IConfiguration Config(IServiceProvider services) => services.GetRequiredService<IConfiguration>();

    private static string KeyFolder(IServiceProvider services, string fileName) =>
        Path.GetDirectoryName(DataDirectory.KeyFile(Config(services), fileName))!;
}

/// <summary><c>CoHosted</c>: this process also runs a silo (the default). <c>Client</c>: it joins an external cluster.</summary>
public enum ApiHosting
{
    CoHosted,
    Client,
}
