using System.Text.RegularExpressions;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using OrleansPersonalization.Domain.Pseudonymization;

namespace OrleansPersonalization.Api.Documentation;

/// <summary>
/// Route parameters that no handler argument binds: <c>{userId}</c> is read by the user-key filter,
/// which pseudonymizes it, so the generator does not see it. Every one in the template is declared.
/// </summary>
internal sealed partial class RouteParametersTransformer : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(context);
        foreach (Match match in RouteParameter().Matches(context.Description.RelativePath ?? ""))
        {
            var name = match.Groups[1].Value;
            operation.Parameters ??= [];
            if (operation.Parameters.Any(p => p.In == ParameterLocation.Path && p.Name == name))
            {
                continue;
            }

            operation.Parameters.Insert(0, new OpenApiParameter
            {
                Name = name,
                In = ParameterLocation.Path,
                Required = true,
                Description = name == "userId"
                    ? "The client's own id for the user. " + UserIdentifiers.Rule + " It is pseudonymized before anything is stored or logged."
                    : null,
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            });
        }

        return Task.CompletedTask;
    }

    [GeneratedRegex(@"\{([A-Za-z]+)\}")]
    private static partial Regex RouteParameter();
}
