using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.DependencyInjection;
using OrleansPersonalization.Storage;

namespace OrleansPersonalization.Tests.Support;

/// <summary>
/// A user's stored state as the system itself reads it from the store (decrypted with the user's
/// data key), rendered as JSON so tests can look for values in it. Null when there is no row or the
/// key was shredded.
/// </summary>
public static class StoredStates
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    public static async Task<string?> ReadAsync(IServiceProvider services, string userKey)
    {
        var state = await services.GetRequiredService<UserDirectory>().FindAsync(userKey);
        return state is null ? null : JsonSerializer.Serialize(state, Json);
    }
}
