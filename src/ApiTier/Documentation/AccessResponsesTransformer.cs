using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace OrleansPersonalization.Api.Documentation;

/// <summary>
/// Marks every operation that needs a key with the <c>X-Api-Key</c> requirement and names the role
/// it takes, from the same authorization metadata the API enforces: the document cannot claim an
/// endpoint is open when it is not.
/// </summary>
internal sealed class AccessResponsesTransformer : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(context);
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        if (metadata.OfType<IAllowAnonymous>().Any())
        {
            return Task.CompletedTask;
        }

        var roles = metadata.OfType<IAuthorizeData>().Select(a => a.Policy).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        if (roles.Count == 0)
        {
            return Task.CompletedTask;
        }

        operation.Security ??= [];
        operation.Security.Add(new OpenApiSecurityRequirement
        {
            [new OpenApiSecuritySchemeReference(ContractDescriptionTransformer.ApiKeyScheme, context.Document)] = [],
        });
        var tokens = metadata.OfType<OrleansPersonalization.Api.Security.UserTokenAccess>().Any();
        if (tokens)
        {
            // Either requirement will do: an app key, or a token scoped to the user in the path.
            operation.Security.Add(new OpenApiSecurityRequirement
            {
                [new OpenApiSecuritySchemeReference(ContractDescriptionTransformer.UserTokenScheme, context.Document)] = [],
            });
        }

        roles = [.. roles.Where(r => r != Hosting.ApiHostingExtensions.SubjectPolicy)];
        if (roles.Count == 0)
        {
            roles.Add(Security.ApiRoles.App);
        }

        var role = $"Needs an API key of role `{string.Join("` or `", roles)}`" + (tokens ? ", or a token scoped to this user." : ".");
        operation.Description = operation.Description is null ? role : operation.Description + " " + role;
        return Task.CompletedTask;
    }
}
