using OrleansPersonalization.Api.Contracts;
using OrleansPersonalization.Api.Hosting;
using OrleansPersonalization.Api.Http;
using OrleansPersonalization.Api.Security;

namespace OrleansPersonalization.Api.Endpoints;

/// <summary>
/// An application's backend, holding the <c>app</c> key, asks for a token scoped to one of its users
/// and hands it to that user's browser (the privacy centre): the key itself never reaches a browser.
/// </summary>
public static class UserTokenEndpoints
{
    private const string Tag = "Data subject rights";

    public static void MapUserTokenEndpoints(this RouteGroupBuilder users) =>
        users.MapPost("/token", Issue)
            .RequireAuthorization(ApiHostingExtensions.AppPolicy)
            .WithTags(Tag).WithSummary("A short-lived token scoped to this user, for the privacy centre in the user's browser")
            .Produces<UserTokenResponse>();

    private static Microsoft.AspNetCore.Http.HttpResults.Ok<UserTokenResponse> Issue(HttpContext http, UserTokens tokens)
    {
        var (token, expires) = tokens.Issue(UserKeyFilter.UserKey(http));
        return TypedResults.Ok(new UserTokenResponse(token, UserTokens.PrivacyCentre, expires));
    }
}
