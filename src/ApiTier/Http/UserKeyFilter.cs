using System.Security.Cryptography;
using System.Text;
using OrleansPersonalization.Api.Security;
using OrleansPersonalization.Contracts;
using OrleansPersonalization.Domain.Pseudonymization;

namespace OrleansPersonalization.Api.Http;

/// <summary>
/// For every <c>/v1/users/{userId}</c> endpoint: checks the raw id once and replaces it by the
/// pseudonymous key before any handler runs, so no handler ever holds the raw id.
/// </summary>
public sealed class UserKeyFilter(UserPseudonymizer pseudonymizer) : IEndpointFilter
{
    private const string ItemKey = "personalization:user-key";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (!UserIds.TryRead(context.HttpContext, out var userId, out var problem))
        {
            return problem;
        }

        var key = pseudonymizer.KeyFor(userId);
        if (context.HttpContext.User.IsInRole(ApiRoles.UserToken)
            && (context.HttpContext.GetEndpoint()?.Metadata.GetMetadata<UserTokenAccess>() is null
                || context.HttpContext.User.FindFirst(UserTokenAuthenticationHandler.UserKeyClaim)?.Value is not { } scoped
                || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(scoped), Encoding.ASCII.GetBytes(key))))
        {
            // A token is for one user and a few endpoints: another user, or anything else, is forbidden.
            return Problems.Forbidden();
        }

        context.HttpContext.Items[ItemKey] = key;
        try
        {
            return await next(context);
        }
        catch (UserStateUnreadableException)
        {
            return Problems.StateUnreadable();
        }
    }

    /// <summary>The pseudonymous key of the user this request is about.</summary>
    public static string UserKey(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        return (string)http.Items[ItemKey]!;
    }

    /// <summary>The grain of the user this request is about.</summary>
    public static IUserGrain UserGrain(HttpContext http, IGrainFactory grains)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(grains);
        return grains.Reference<IUserGrain>((string)http.Items[ItemKey]!);
    }
}
