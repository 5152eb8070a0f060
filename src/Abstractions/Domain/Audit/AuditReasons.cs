using System.Buffers;

namespace OrleansPersonalization.Domain.Audit;

/// <summary>
/// What of an administrator's stated reason the audit trail keeps: a short machine token (a ticket
/// number such as <c>DPO-2026-114</c>, a clause such as <c>art17.1.a</c>), which cannot carry a name
/// or an email; anything else is recorded as withheld. The trail keeps its entries forever.
/// </summary>
public static class AuditReasons
{
    public const int MaxLength = 64;

    private static readonly SearchValues<char> Allowed =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._:-#/");

    public static string ForTrail(string? reason) =>
        reason is null ? "none"
        : reason.Length <= MaxLength && reason.Length > 0 && !reason.AsSpan().ContainsAnyExcept(Allowed) && !reason.Contains('@', StringComparison.Ordinal) ? reason
        : "withheld";
}
