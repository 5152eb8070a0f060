using OrleansPersonalization.Domain.Behaviour;

namespace OrleansPersonalization.Domain.Privacy;

/// <summary>
/// The privacy settings of a deployment (section <c>Privacy</c>). The privacy notice is generated
/// from this same object, so what the notice promises is what the code enforces.
/// </summary>
public sealed class PrivacyOptions
{
    public const string Section = "Privacy";

    public int MaxEventsPerUser { get; set; } = 200;
    public int EventRetentionDays { get; set; } = 30;
    public int MaxConsentHistory { get; set; } = 100;

    /// <summary>How far in the future an event time may lie, to absorb client clock drift.</summary>
    public int AllowedClockSkewSeconds { get; set; } = 30;

    /// <summary>How often the retention sweep looks for behaviour past its retention period.</summary>
    public int RetentionSweepMinutes { get; set; } = 10;

    public string Controller { get; set; } = "The operator of this deployment";

    /// <summary>The version of the privacy policy in force: what consent given through the privacy centre is recorded against.</summary>
    public string PolicyVersion { get; set; } = "2026-11";

    /// <summary>
    /// Where a consent decision may come from. A closed vocabulary, because the source is kept as
    /// proof of consent (history, audit trail) beyond an erasure: it must never carry free text.
    /// A deployment adds its own under <c>Privacy:ConsentSources</c>.
    /// </summary>
    public static IReadOnlyList<string> DefaultConsentSources { get; } =
        ["api", "cookie-banner", "settings-page", "signup", "privacy-centre", "import", "support", "demo-seed"];

    public IList<string> ConsentSources { get; } = [];

    public IReadOnlyList<string> AllConsentSources() => [.. DefaultConsentSources.Union(ConsentSources, StringComparer.Ordinal)];
    public IList<string> Recipients { get; } = [];

    public RetentionPolicy Retention() => new(MaxEventsPerUser, TimeSpan.FromDays(EventRetentionDays));
}
