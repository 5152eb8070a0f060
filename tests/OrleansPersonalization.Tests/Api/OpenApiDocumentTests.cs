using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using OrleansPersonalization.Silo.Storage;
using OrleansPersonalization.Tests.Support;

namespace OrleansPersonalization.Tests.Api;

/// <summary>
/// The OpenAPI document is the contract clients build on: it is compared with the checked-in copy,
/// so any change of the contract shows as a diff in review. After an intended change, run the tests
/// with <c>OP_UPDATE_OPENAPI=1</c> and commit the new <c>Api/Contract/openapi-v1.json</c>.
/// </summary>
public class OpenApiDocumentTests
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task The_document_is_the_checked_in_contract(StoreKind kind)
    {
        using var store = new TestStore(kind);
        await using var factory = new ApiFactory(store);

        var document = await factory.Anonymous().GetAsync("/openapi/v1.json").ExpectJson(HttpStatusCode.OK);
        var actual = document.ToJsonString(Indented).ReplaceLineEndings("\n") + "\n";
        var path = ContractPath();
        if (Environment.GetEnvironmentVariable("OP_UPDATE_OPENAPI") == "1")
        {
            await File.WriteAllTextAsync(path, actual);
            return;
        }

        Assert.True(File.Exists(path), $"No checked-in contract at {path}: run the tests with OP_UPDATE_OPENAPI=1 and commit it.");
        var expected = (await File.ReadAllTextAsync(path)).ReplaceLineEndings("\n");
        if (expected != actual)
        {
            var written = Path.Combine(Path.GetTempPath(), $"openapi-v1.actual-{Guid.NewGuid():N}.json");
            await File.WriteAllTextAsync(written, actual);
            Assert.Fail($"The OpenAPI document differs from {path}. The served one is at {written} (diff them); if the change is intended, run the tests with OP_UPDATE_OPENAPI=1 and commit the file.");
        }

        Assert.Equal("3.1.1", document["openapi"]!.GetValue<string>());
    }

    [Fact]
    public async Task Every_endpoint_is_documented_with_the_access_it_enforces()
    {
        using var store = new TestStore(StoreKind.Sqlite);
        await using var factory = new ApiFactory(store);
        var document = await factory.Anonymous().GetAsync("/openapi/v1.json").ExpectJson(HttpStatusCode.OK);
        var paths = document["paths"]!.AsObject();

        var endpoints = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<HttpMethodMetadata>() is not null)
            .Where(e => e.RoutePattern.RawText is { } raw && !raw.StartsWith("/dashboard", StringComparison.Ordinal) && !raw.StartsWith("/admin/", StringComparison.Ordinal) && !raw.StartsWith("/openapi", StringComparison.Ordinal) && !raw.StartsWith("/scalar", StringComparison.Ordinal) && raw != "/metrics")
            .ToList();
        Assert.True(endpoints.Count >= 20, $"Only {endpoints.Count} endpoints found.");
        foreach (var endpoint in endpoints)
        {
            var route = "/" + endpoint.RoutePattern.RawText!.TrimStart('/').TrimEnd('/');
            foreach (var method in endpoint.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods)
            {
                var operation = paths[route]?[method.ToLowerInvariant()];
                Assert.True(operation is not null, $"{method} {route} is not in the document.");
                var keyed = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Count > 0 && endpoint.Metadata.GetMetadata<IAllowAnonymous>() is null;
                var security = operation!["security"]?.AsArray().SelectMany(r => r!.AsObject().Select(p => p.Key)).ToList() ?? [];
                Assert.True(keyed == security.Contains("ApiKey"), $"{method} {route}: needs a key {keyed}, documented as needing one {security.Contains("ApiKey")}.");
                if (keyed)
                {
                    Assert.NotNull(operation["responses"]?["401"]);
                    Assert.NotNull(operation["responses"]?["403"]);
                }

                Assert.False(string.IsNullOrEmpty(operation["summary"]?.GetValue<string>()), $"{method} {route} has no summary.");
                var declared = operation["parameters"]?.AsArray().Where(p => p!["in"]!.GetValue<string>() == "path").Select(p => p!["name"]!.GetValue<string>()).ToList() ?? [];
                Assert.Equal(endpoint.RoutePattern.Parameters.Select(p => p.Name).Order(), declared.Order());
            }
        }

        var scheme = document["components"]!["securitySchemes"]!["ApiKey"]!;
        Assert.Equal("apiKey", scheme["type"]!.GetValue<string>());
        Assert.Equal("header", scheme["in"]!.GetValue<string>());
        Assert.Equal("X-Api-Key", scheme["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_reference_is_served_without_a_key_and_reads_the_document()
    {
        using var store = new TestStore(StoreKind.Sqlite);
        await using var factory = new ApiFactory(store);

        using var page = await factory.Anonymous().GetAsync("/scalar/");
        var html = await page.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("openapi", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("v1.json", html, StringComparison.Ordinal);
    }

    private static string ContractPath([CallerFilePath] string source = "") =>
        Path.Combine(Path.GetDirectoryName(source)!, "Contract", "openapi-v1.json");
}
