namespace OrleansPersonalization.Domain.Protection;

/// <summary>Section <c>Protection</c>: encryption at rest (the master keys themselves are read by the silo host).</summary>
public sealed class ProtectionOptions
{
    public const string Section = "Protection";

    /// <summary>
    /// Seal every user's state with their own data key. Off exists only to measure what encryption
    /// costs (BENCHMARKS.md): it gives up crypto-shredding, so never turn it off where real users are.
    /// </summary>
    public bool EncryptAtRest { get; set; } = true;
}
