using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;

namespace OrleansPersonalization.Api.Http;

/// <summary>The outcome of reading a body: the value, or the problem to answer with.</summary>
public readonly record struct BodyResult<T>(T? Value, IResult? Problem)
{
    public bool IsValid => Problem is null;
}

/// <summary>
/// Reads a JSON request body under the contract's rules: JSON only, at most the body type's limit (64 KiB unless it is a bulk body), a single
/// object, no unknown or duplicate fields, and the right types, each failure as its own 4xx.
/// </summary>
public static class JsonBody
{
    public const int DefaultMaxBytes = 64 * 1024;

    /// <summary>The largest limit of any body type: what the server lets through before a handler applies its own.</summary>
    public const int LargestMaxBytes = CatalogMaxBytes;

    /// <summary>The bulk event and erasure bodies.</summary>
    public const int BulkMaxBytes = 1024 * 1024;

    /// <summary>The batch catalog body: 10,000 items.</summary>
    public const int CatalogMaxBytes = 8 * 1024 * 1024;

    public static async Task<BodyResult<T>> ReadAsync<T>(HttpRequest request, CancellationToken cancellationToken)
        where T : class, IRequestBody
    {
        ArgumentNullException.ThrowIfNull(request);
        var maxBytes = T.MaxBytes;
        if (request.ContentLength > maxBytes)
        {
            return new(null, Problems.TooLarge(maxBytes));
        }

        if (!IsJson(request.ContentType))
        {
            return new(null, Problems.UnsupportedMediaType());
        }

        byte[] body;
        try
        {
            body = await ReadLimitedAsync(request, maxBytes, cancellationToken);
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return new(null, Problems.TooLarge(maxBytes));
        }

        if (body.Length > maxBytes)
        {
            return new(null, Problems.TooLarge(maxBytes));
        }

        if (body.Length == 0)
        {
            return new(null, Problems.Invalid("body", "A JSON object is required."));
        }

        try
        {
            using var document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = ApiJson.Strict.MaxDepth, AllowDuplicateProperties = false });
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return new(null, Problems.Invalid("body", "The body must be a JSON object."));
            }

            var unknown = UnknownFields(document.RootElement, T.Fields, T.NestedFields);
            if (unknown.Count > 0)
            {
                // The offending names are not echoed: a client could put anything, a user id included, in a field name.
                var message = $"{unknown.Count} unknown field(s) are not accepted. Allowed fields: {string.Join(", ", T.Fields)}.";
                return new(null, Problems.Invalid("body", message));
            }

            var value = document.Deserialize<T>(ApiJson.Strict);
            return value is null
                ? new(null, Problems.Invalid("body", "A JSON object is required."))
                : new(value, null);
        }
        catch (JsonException exception)
        {
            var field = FieldOf(exception.Path);
            return new(null, Problems.Invalid(field, "Malformed JSON or a value of the wrong type."));
        }
        catch (Exception exception) when (exception is InvalidOperationException or ArgumentException or FormatException or OverflowException or NotSupportedException)
        {
            // The parser is total: text that is valid JSON syntax but not valid Unicode (a lone
            // surrogate escape in a field name) and values no .NET type can hold are the client's
            // error, never a 500.
            return new(null, Problems.Invalid("body", "Malformed JSON: invalid Unicode or a value out of range."));
        }
    }

    /// <summary>
    /// The top-level field a parse error is in, and nothing below it: deeper path segments can be
    /// dictionary keys or array positions the client chose (a user id as a purpose name), and
    /// problems never echo client text.
    /// </summary>
    private static string FieldOf(string? path)
    {
        if (string.IsNullOrEmpty(path) || !path.StartsWith("$.", StringComparison.Ordinal))
        {
            return "body";
        }

        var name = path[2..];
        var end = name.AsSpan().IndexOfAny('.', '[');
        name = end >= 0 ? name[..end] : name;
        return name.Length is > 0 and <= 32 && name.All(char.IsAsciiLetterOrDigit) ? name : "body";
    }

    private static bool IsJson(string? contentType) =>
        contentType is not null
        && Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var media)
        && (media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || media.MediaType.Value?.EndsWith("+json", StringComparison.OrdinalIgnoreCase) == true)
        && (media.Charset.Value is null || media.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase));

    private static async Task<byte[]> ReadLimitedAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = maxBytes + 1L;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > maxBytes)
            {
                break;
            }
        }

        return buffer.ToArray();
    }

    private static List<string> UnknownFields(
        JsonElement root,
        IReadOnlyList<string> fields,
        IReadOnlyDictionary<string, IReadOnlyList<string>> nested)
    {
        var unknown = new List<string>();
        foreach (var property in root.EnumerateObject())
        {
            if (!fields.Contains(property.Name, StringComparer.Ordinal))
            {
                unknown.Add(property.Name);
            }
            else if (nested.TryGetValue(property.Name, out var inner) && property.Value.ValueKind == JsonValueKind.Array)
            {
                var index = 0;
                foreach (var element in property.Value.EnumerateArray())
                {
                    if (element.ValueKind == JsonValueKind.Object)
                    {
                        unknown.AddRange(element.EnumerateObject()
                            .Where(p => !inner.Contains(p.Name, StringComparer.Ordinal))
                            .Select(p => $"{property.Name}[{index}].{p.Name}"));
                    }

                    index++;
                }
            }
        }

        return unknown;
    }
}
