using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using OrleansPersonalization.Api.Security;

namespace OrleansPersonalization.Api.Documentation;

/// <summary>What the document says of the API as a whole: who it is for, and the <c>X-Api-Key</c> scheme.</summary>
internal sealed class ContractDescriptionTransformer : IOpenApiDocumentTransformer
{
    public const string ApiKeyScheme = "ApiKey";
    public const string UserTokenScheme = "UserToken";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        document.Info = new OpenApiInfo
        {
            Title = "OrleansPersonalization",
            Version = "v1",
            Description =
                "Real-time personalization with consent first. Users are addressed by the client's own id, which the " +
                "service pseudonymizes before anything is stored or logged. Data-subject endpoints need an `app` key, " +
                "administration an `admin` key, both in the `X-Api-Key` header. Errors are `application/problem+json`.",
        };
        // The document describes the contract, wherever it is served: no host of the moment in it.
        document.Servers?.Clear();
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[ApiKeyScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = ApiKeyAuthenticationHandler.HeaderName,
            Description = "An API key of role `app` (data-subject endpoints) or `admin` (catalog and administration).",
        };
        document.Components.SecuritySchemes[UserTokenScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "A token scoped to one user (POST /v1/users/{userId}/token with an app key), for that user's consent, profile, export and erasure only.",
        };
        return Task.CompletedTask;
    }
}
