using System.Net;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using OrleansPersonalization.Silo.Storage;
using OrleansPersonalization.Tests.Support;

namespace OrleansPersonalization.Tests.Api;

/// <summary>
/// P9 over every endpoint the running API maps, not a list someone keeps: whatever is added later
/// (a route, a console page, a dashboard endpoint) refuses a caller without credentials unless it is
/// one of the few public ones, the console takes no API key, and the API's administration takes no app key.
/// </summary>
public class EndpointInventoryTests
{
    private static readonly HashSet<string> Public = new(StringComparer.Ordinal)
    {
        "GET /v1/privacy/notice", "GET /health/live", "GET /health/ready", "GET /metrics",
        "GET /openapi/{documentName}.json", "POST /admin/session",
    };

    [Fact]
    public async Task Every_endpoint_but_the_public_ones_refuses_a_caller_without_credentials()
    {
        using var store = new TestStore(StoreKind.Sqlite);
        await using var factory = new ApiFactory(store);
        using var anonymous = Client(factory, null);
        using var admin = Client(factory, ApiFactory.AdminKey);
        using var app = Client(factory, ApiFactory.AppKey);
        var endpoints = Endpoints(factory);
        Assert.Contains("POST /v1/admin/jobs", endpoints.Select(e => e.Name));
        Assert.Contains("POST /admin/api/jobs", endpoints.Select(e => e.Name));

        var failures = new List<string>();
        foreach (var (name, method, path) in endpoints.Where(e => !Public.Contains(e.Name) && !e.Name.Contains("/scalar", StringComparison.Ordinal)))
        {
            using var bare = await anonymous.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
            Expect(failures, name, "no credentials", bare, path.StartsWith("/admin/", StringComparison.Ordinal));
            if (path.StartsWith("/admin/", StringComparison.Ordinal))
            {
                using var keyed = await admin.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
                Expect(failures, name, "an admin API key instead of the session", keyed, console: true);
            }
            else if (path.StartsWith("/v1/admin/", StringComparison.Ordinal) || path.StartsWith("/dashboard", StringComparison.Ordinal))
            {
                using var wrongRole = await app.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
                if (wrongRole.StatusCode != HttpStatusCode.Forbidden)
                {
                    failures.Add($"{name} with an app key answered {(int)wrongRole.StatusCode}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    [Fact]
    public async Task The_public_endpoints_are_exactly_these_and_the_scalar_reference()
    {
        using var store = new TestStore(StoreKind.Sqlite);
        await using var factory = new ApiFactory(store);
        using var anonymous = Client(factory, null);
        var endpoints = Endpoints(factory);

        var open = new List<string>();
        foreach (var (name, method, path) in endpoints)
        {
            using var response = await anonymous.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
            var refused = response.StatusCode == HttpStatusCode.Unauthorized
                || (response.StatusCode == HttpStatusCode.Found && response.Headers.Location?.ToString() == "/admin/");
            if (!refused)
            {
                open.Add(name);
            }
        }

        Assert.All(open, name => Assert.True(Public.Contains(name) || name.Contains("/scalar", StringComparison.Ordinal), $"{name} answers without credentials"));
    }

    /// <summary>A client that shows redirects instead of following them: a redirect to the sign-in page is a refusal.</summary>
    private static HttpClient Client(ApiFactory factory, string? key)
    {
        var client = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        if (key is not null)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", key);
        }

        return client;
    }

    private static void Expect(List<string> failures, string name, string how, HttpResponseMessage response, bool console)
    {
        // A console page (the dashboard) sends the browser to sign in; everything else answers 401.
        var refused = response.StatusCode == HttpStatusCode.Unauthorized
            || (console && response.StatusCode == HttpStatusCode.Found && response.Headers.Location?.ToString() == "/admin/");
        if (!refused)
        {
            failures.Add($"{name} with {how} answered {(int)response.StatusCode}");
        }
    }

    private static List<(string Name, string Method, string Path)> Endpoints(ApiFactory factory) =>
        [.. factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => (Method: m, e.RoutePattern)))
            .Where(e => e.Method != "OPTIONS")
            .Select(e => ($"{e.Method} {"/" + e.RoutePattern.RawText!.Trim('/')}", e.Method, Concrete(e.RoutePattern)))
            .Distinct()];

    /// <summary>The route with a plausible value for every parameter, so the request reaches the endpoint.</summary>
    private static string Concrete(RoutePattern pattern) =>
        "/" + string.Join('/', pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternSeparatorPart separator => separator.Content,
            RoutePatternParameterPart { Name: "userId" } => "u1",
            RoutePatternParameterPart { Name: "itemId" } => "i1",
            RoutePatternParameterPart { Name: "jobId" } => "0123456789abcdef0123456789abcdef",
            RoutePatternParameterPart { Name: "documentName" } => "v1",
            RoutePatternParameterPart { Name: "page" } => "1",
            _ => "x",
        }))));
}
