using Microsoft.Extensions.Compliance.Redaction;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OrleansPersonalization.Domain.Privacy;

namespace OrleansPersonalization.Cluster;

/// <summary>
/// Redaction of classified values on their way to logs and telemetry: personal data is erased,
/// subject digests pass (they are one-way already), and anything classified otherwise is erased too.
/// </summary>
public static class PrivacyRedaction
{
    public static IServiceCollection AddPrivacyRedaction(this IServiceCollection services)
    {
        services.AddRedaction(redaction =>
        {
            redaction.SetRedactor<ErasingRedactor>(PrivacyTaxonomy.PersonalData);
            redaction.SetRedactor<NullRedactor>(PrivacyTaxonomy.PseudonymousData);
            redaction.SetFallbackRedactor<ErasingRedactor>();
        });
        // Digests pass through unchanged, so the same subject reads the same in every message.
        services.AddLogging(logging => logging.EnableRedaction(options => options.ApplyDiscriminator = false));
        return services;
    }
}
