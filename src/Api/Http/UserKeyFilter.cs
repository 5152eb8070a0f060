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

        context.HttpContext.Items[ItemKey] = pseudonymizer.KeyFor(userId);
        try
        {
            return await next(context);
        }
        catch (UserStateUnreadableException)
        {
            return Problems.StateUnreadable();
        }
    }

    /// <summary>The grain of the user this request is about.</summary>
    public static IUserGrain UserGrain(HttpContext http, IGrainFactory grains)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(grains);
        return grains.Reference<IUserGrain>((string)http.Items[ItemKey]!);
    }
}
