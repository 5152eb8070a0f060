using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace OrleansPersonalization.Api.Documentation;

/// <summary>Adds the query parameters endpoints declare with <see cref="QueryParameter"/> metadata.</summary>
internal sealed class QueryParametersTransformer : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(context);
        foreach (var parameter in context.Description.ActionDescriptor.EndpointMetadata.OfType<QueryParameter>())
        {
            var schema = new OpenApiSchema { Type = parameter.IsInteger ? JsonSchemaType.Integer : JsonSchemaType.String };
            if (parameter.Minimum is { } minimum)
            {
                schema.Minimum = minimum.ToString(CultureInfo.InvariantCulture);
            }

            if (parameter.Maximum is { } maximum)
            {
                schema.Maximum = maximum.ToString(CultureInfo.InvariantCulture);
            }

            if (parameter.Default is { } fallback)
            {
                schema.Default = JsonValue.Create(fallback);
            }

            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = parameter.Name,
                In = ParameterLocation.Query,
                Required = false,
                Description = parameter.Description,
                Schema = schema,
            });
        }

        return Task.CompletedTask;
    }
}
