namespace OrleansPersonalization.Client.Models;

/// <summary>A token for one user's browser (the privacy centre): scoped to that user and audience until <see cref="ExpiresAt"/>.</summary>
public sealed record UserToken(string Token, string Audience, DateTimeOffset ExpiresAt);
