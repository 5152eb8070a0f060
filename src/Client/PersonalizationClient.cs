using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrleansPersonalization.Client;

/// <summary>
/// The HTTP API v1 as typed calls. Written over <see cref="HttpClient"/> rather than generated: the
/// contract is small, its OpenAPI document is checked against a committed copy by the API's tests, and
/// a hand-written client can route each credential to the endpoints of its role only. The
/// <see cref="HttpClient"/> is the caller's (from <c>IHttpClientFactory</c>, say) and is not disposed here.
/// </summary>
public sealed partial class PersonalizationClient(HttpClient http, ApiCredentials credentials)
{
    private const string ApiKeyHeader = "X-Api-Key";

    /// <summary>The API's JSON: camelCase, absent rather than null in requests, unknown response fields ignored.</summary>
    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private enum Access
    {
        None,
        Subject,
        App,
        Admin,
    }

    private static string UserPath(string userId)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        return "/v1/users/" + Uri.EscapeDataString(userId);
    }

    private async Task<T> SendAsync<T>(HttpMethod method, string path, Access access, object? body, CancellationToken cancellationToken)
    {
        using var response = await SendRawAsync(method, path, access, body, cancellationToken).ConfigureAwait(false);
        return await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken).ConfigureAwait(false)
            ?? throw new PersonalizationApiException($"{method} {Template(path)} answered an empty body.");
    }

    private async Task<HttpResponseMessage> SendRawAsync(HttpMethod method, string path, Access access, object? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        Authorize(request, access);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, body.GetType(), options: Json);
        }

        var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            throw new PersonalizationApiException(response.StatusCode, await ReadProblemAsync(response, cancellationToken).ConfigureAwait(false), $"{method} {Template(path)}");
        }
    }

    private void Authorize(HttpRequestMessage request, Access access)
    {
        var key = access switch
        {
            Access.Admin => credentials.AdminKey ?? throw new InvalidOperationException("This call needs the admin key."),
            Access.App => credentials.AppKey ?? throw new InvalidOperationException("This call needs the app key."),
            Access.Subject when credentials.AppKey is not null => credentials.AppKey,
            Access.Subject when credentials.UserToken is not null => null,
            Access.Subject => throw new InvalidOperationException("This call needs the app key or a user token."),
            _ => null,
        };
        if (key is not null)
        {
            request.Headers.Add(ApiKeyHeader, key);
        }
        else if (access == Access.Subject)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", credentials.UserToken);
        }
    }

    private static async Task<ApiProblem?> ReadProblemAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentType?.MediaType is not ("application/problem+json" or "application/json"))
        {
            return null;
        }

        try
        {
            return await response.Content.ReadFromJsonAsync<ApiProblem>(Json, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The request as an exception message may name it: never the user id in the path.</summary>
    private static string Template(string path) =>
        path.StartsWith("/v1/users/", StringComparison.Ordinal)
            ? "/v1/users/{userId}" + (path.IndexOf('/', "/v1/users/".Length) is var slash and > 0 ? path[slash..] : "")
            : path.Split('?')[0];

    private static string Query(params (string Name, string? Value)[] parameters)
    {
        var present = parameters.Where(p => p.Value is not null).Select(p => p.Name + "=" + Uri.EscapeDataString(p.Value!)).ToList();
        return present.Count == 0 ? "" : "?" + string.Join('&', present);
    }

    private static string? Text(DateTimeOffset? time) => time?.ToString("O", System.Globalization.CultureInfo.InvariantCulture);

    private static string? Text(int? number) => number?.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static bool IsNotFound(PersonalizationApiException exception) => exception.StatusCode == HttpStatusCode.NotFound;
}
