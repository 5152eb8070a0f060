namespace OrleansPersonalization.Client.Models;

/// <summary>A change of consent: the purposes named change, the others keep their value.</summary>
public sealed record ConsentUpdate(IReadOnlyDictionary<string, bool> Purposes, string PolicyVersion, string Source);

public sealed record ConsentState(IReadOnlyDictionary<string, ConsentDecision> Purposes)
{
    public bool IsGranted(string purpose) => Purposes.TryGetValue(purpose, out var decision) && decision.Granted;
}

public sealed record ConsentDecision(bool Granted, DateTimeOffset? At, string? PolicyVersion, string? Source);

public static class Purposes
{
    public const string Personalization = "personalization";
    public const string ModelTraining = "modelTraining";
}
