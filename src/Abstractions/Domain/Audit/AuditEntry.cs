namespace OrleansPersonalization.Domain.Audit;

/// <summary>
/// One line of the audit trail. <see cref="SubjectDigest"/> names the person only by their random
/// audit subject (<see cref="AuditSubjects"/>), an erasure by its receipt; never a user id or key.
/// </summary>
[GenerateSerializer, Immutable, Alias("audit-entry")]
public sealed record AuditEntry(
    [property: Id(0)] long Sequence,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] string Kind,
    [property: Id(3)] string ActorRole,
    [property: Id(4)] string? SubjectDigest,
    [property: Id(5)] string? Detail)
{
    /// <summary>The MAC of the entry before it (<see cref="AuditChain.Genesis"/> for the first).</summary>
    [Id(6)]
    public string? Previous { get; init; }

    /// <summary>This entry's link in the chain.</summary>
    [Id(7)]
    public string? Mac { get; init; }
}

public static class AuditKinds
{
    public const string ConsentChange = "consent-change";
    public const string Export = "export";
    public const string Erasure = "erasure";
    public const string ErasureJob = "erasure-job";
    public const string CatalogChange = "catalog-change";
    public const string ModelRebuild = "model-rebuild";
    public const string KeyRotation = "key-rotation";

    /// <summary>An admin searched the trail for one user's entries, by the client's user id.</summary>
    public const string AuditSearch = "audit-search";

    /// <summary>Written by the trail itself when it finds evidence of tampering (see <see cref="AuditChain.Resume"/>).</summary>
    public const string AuditTamper = "audit-tamper";

    public static IReadOnlyList<string> All { get; } = [ConsentChange, Export, Erasure, ErasureJob, CatalogChange, ModelRebuild, KeyRotation, AuditSearch, AuditTamper];
}

public static class ActorRoles
{
    public const string App = "app";
    public const string Admin = "admin";
    public const string System = "system";

    /// <summary>The person themself, through a token scoped to them (the privacy centre).</summary>
    public const string UserToken = "user-token";
}

[GenerateSerializer, Immutable, Alias("audit-query")]
public sealed record AuditQuery(
    [property: Id(0)] DateTimeOffset? From,
    [property: Id(1)] DateTimeOffset? To,
    [property: Id(2)] string? Kind,
    [property: Id(3)] string? SubjectDigest,
    [property: Id(4)] int Limit,
    [property: Id(5)] long? AfterSequence = null);
