namespace OrleansPersonalization.Client;

/// <summary>An RFC 9457 problem as the API answers every error; <see cref="Errors"/> names the invalid fields.</summary>
public sealed record ApiProblem(
    string? Type,
    string? Title,
    int? Status,
    string? Detail,
    IReadOnlyDictionary<string, string[]>? Errors);
