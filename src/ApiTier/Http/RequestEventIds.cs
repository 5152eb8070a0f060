using System.Security.Cryptography;

namespace OrleansPersonalization.Api.Http;

/// <summary>
/// Ids for events a client sent without an <c>eventId</c>: one random prefix per HTTP request,
/// kept in the request's items, plus the event's position. A replay of the same request (see
/// <see cref="ClusterRetryMiddleware"/>) gets the same ids, so events that were recorded before a
/// silo failed are not recorded twice. The <c>~</c> cannot occur in a client's id.
/// </summary>
public static class RequestEventIds
{
    private const string ItemKey = "personalization:event-id-prefix";

    public static string For(HttpContext http, int position)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (http.Items[ItemKey] is not string prefix)
        {
            prefix = "~" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(9)).Replace('+', '-').Replace('/', '_');
            http.Items[ItemKey] = prefix;
        }

        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{prefix}:{position}");
    }
}
