using Microsoft.AspNetCore.OpenApi;
using Scalar.AspNetCore;

namespace OrleansPersonalization.Api.Documentation;

/// <summary>
/// The contract as an OpenAPI 3.1 document at <c>/openapi/v1.json</c> (Microsoft.AspNetCore.OpenApi,
/// from the endpoints' own metadata) and a browsable reference at <c>/scalar</c>. Both answer without
/// a key, as the contract says: they describe the API, they hold no data.
/// </summary>
public static class OpenApiDocumentation
{
    public const string DocumentName = "v1";
    public const string DocumentPath = "/openapi/v1.json";

    public static IServiceCollection AddPersonalizationOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(DocumentName, options =>
        {
            options.OpenApiVersion = Microsoft.OpenApi.OpenApiSpecVersion.OpenApi3_1;

            // The Orleans dashboard's own routes and the admin console (its pages, its session, its
            // copy of the administration endpoints) are screens for people, not the contract.
            options.ShouldInclude = description => description.RelativePath is not { } path
                || !(path.StartsWith("dashboard", StringComparison.Ordinal) || path.StartsWith("admin/", StringComparison.Ordinal) || path == "admin");
            options.AddDocumentTransformer<ContractDescriptionTransformer>();
            options.AddOperationTransformer<AccessResponsesTransformer>();
            options.AddOperationTransformer<RouteParametersTransformer>();
            options.AddOperationTransformer<QueryParametersTransformer>();
        });

    public static void MapPersonalizationDocumentation(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        // The reference runs from the API alone: no telemetry, AI agent or hosted tools calling out.
        app.MapScalarApiReference("/scalar", options => options
            .WithTitle("OrleansPersonalization API")
            .WithOpenApiRoutePattern("/openapi/{documentName}.json")
            .AddPreferredSecuritySchemes(ContractDescriptionTransformer.ApiKeyScheme)
            .DisableTelemetry()
            .DisableAgent()
            .DisableMcp()
            .HideDeveloperTools())
            .AllowAnonymous();
    }
}
