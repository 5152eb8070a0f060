using System.Security.Cryptography;

namespace OrleansPersonalization.Domain.Audit;

/// <summary>
/// How audit entries name the person they are about. Not a function of the user key: a random
/// 128-bit value, created with the user's state and kept only inside it, sealed under the user's
/// data key. While the user exists their entries can be found (export, admin search); once the
/// erasure shreds the key and deletes the row, nothing anywhere — not the API, not whoever holds
/// the database and the pseudonymization secret — can tie those entries to anyone. The erasure's
/// own entry is named by the receipt instead, so the receipt stays provable.
/// </summary>
public static class AuditSubjects
{
    public const int Length = 32;

    public static string New() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(Length / 2));

    /// <summary>The subject under which an erasure is recorded: its receipt, the one thing the requester keeps.</summary>
    public static string ForReceipt(string receiptId) => "receipt:" + receiptId;
}
