namespace OrleansPersonalization.Client.Models;

/// <summary>The minimized profile: closed vocabularies only (see the API contract).</summary>
public sealed record Profile(string? AgeBand, string? Country, string? Language, IReadOnlyList<string> Interests, string PersonalizationLevel);
