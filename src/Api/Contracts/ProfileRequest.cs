using OrleansPersonalization.Api.Http;
using OrleansPersonalization.Domain.Profile;

namespace OrleansPersonalization.Api.Contracts;

public sealed record ProfileRequest(
    string? AgeBand,
    string? Country,
    string? Language,
    List<string>? Interests,
    string? PersonalizationLevel) : IRequestBody
{
    public static IReadOnlyList<string> Fields => ProfileVocabulary.Fields;
}
