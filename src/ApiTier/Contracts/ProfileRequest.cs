using OrleansPersonalization.Api.Http;
using OrleansPersonalization.Domain.Privacy;
using OrleansPersonalization.Domain.Profile;

namespace OrleansPersonalization.Api.Contracts;

public sealed record ProfileRequest(
    [property: PersonalData] string? AgeBand,
    [property: PersonalData] string? Country,
    [property: PersonalData] string? Language,
    [property: PersonalData] List<string>? Interests,
    [property: PersonalData] string? PersonalizationLevel) : IRequestBody
{
    public static IReadOnlyList<string> Fields => ProfileVocabulary.Fields;
}
