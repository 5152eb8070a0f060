using OrleansPersonalization.Api.Documentation;
using OrleansPersonalization.Api.Contracts;
using OrleansPersonalization.Api.Http;
using OrleansPersonalization.Api.Security;
using OrleansPersonalization.Contracts;
using OrleansPersonalization.Domain.Consent;
using OrleansPersonalization.Domain.Profile;

namespace OrleansPersonalization.Api.Endpoints;

public static class ProfileEndpoints
{
    private const string Tag = "Profile";

    public static void MapProfileEndpoints(this RouteGroupBuilder users)
    {
        users.MapGet("/profile", GetProfile).WithTags(Tag).WithSummary("The user's minimized profile").Produces<ProfileResponse>().AllowUserToken();
        users.MapPut("/profile", PutProfile).AllowUserToken()
            .WithTags(Tag).WithSummary("Replace the profile (needs personalization consent)").Accepts<ProfileRequest>("application/json")
            .Produces<ProfileResponse>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static async Task<IResult> GetProfile(HttpContext http, IGrainFactory grains)
    {
        var profile = await UserKeyFilter.UserGrain(http, grains).GetProfile();
        return TypedResults.Ok(ToResponse(profile));
    }

    private static async Task<IResult> PutProfile(HttpContext http, IGrainFactory grains, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<ProfileRequest>(http.Request, cancellationToken);
        if (!body.IsValid)
        {
            return body.Problem!;
        }

        var request = body.Value!;
        var profile = new UserProfile
        {
            AgeBand = request.AgeBand,
            Country = request.Country,
            Language = request.Language,
            Interests = request.Interests is null ? [] : [.. request.Interests],
            PersonalizationLevel = request.PersonalizationLevel ?? PersonalizationLevel.Full,
        };
        var categories = await grains.GetGrain<IServingGrain>(IServingGrain.Key).Categories();
        var errors = ProfileValidator.Validate(profile, categories.ToHashSet(StringComparer.Ordinal));
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        var update = await UserKeyFilter.UserGrain(http, grains).SetProfile(profile);
        return update.ConsentRequired
            ? Problems.ConsentRequired(Purposes.Personalization)
            : TypedResults.Ok(ToResponse(update.Profile!));
    }

    public static ProfileResponse ToResponse(UserProfile profile) =>
        new(profile.AgeBand, profile.Country, profile.Language, profile.Interests, profile.PersonalizationLevel);
}
