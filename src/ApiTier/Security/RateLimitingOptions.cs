namespace OrleansPersonalization.Api.Security;

/// <summary>
/// Section <c>RateLimiting</c>: a token bucket per API key (per client address before a key is
/// known), so one leaked or misbehaving key cannot starve the others.
/// </summary>
public sealed class RateLimitingOptions
{
    public const string Section = "RateLimiting";

    public bool Enabled { get; set; } = true;

    /// <summary>Requests a key may send in a burst.</summary>
    public int Burst { get; set; } = 10_000;

    /// <summary>Tokens added back every second: the sustained rate per key.</summary>
    public int PermitsPerSecond { get; set; } = 5_000;

    /// <summary>Requests without a valid key, per client address and second (guessing keys gets slow).</summary>
    public int AnonymousPermitsPerSecond { get; set; } = 20;

    /// <summary>Requests without a valid key a client address may send in a burst.</summary>
    public int AnonymousBurst { get; set; } = 200;
}
