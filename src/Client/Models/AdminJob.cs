namespace OrleansPersonalization.Client.Models;

/// <summary>A long operation's state; the field of its kind is set once it completes.</summary>
public sealed record AdminJob(
    string JobId,
    string Kind,
    string State,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt,
    string? Error,
    string? ModelVersion,
    int? Rewrapped,
    AuditVerification? Verification)
{
    public bool IsRunning => State == "running";
}

public static class AdminJobKinds
{
    public const string ModelRebuild = "model-rebuild";
    public const string KeyRewrap = "key-rewrap";
    public const string AuditVerify = "audit-verify";
}

/// <summary>A model rebuild started, as the job <see cref="JobId"/>.</summary>
public sealed record RebuildStarted(string Status, string JobId);
