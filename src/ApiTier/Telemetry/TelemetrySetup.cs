using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using OrleansPersonalization.Api.Degradation;

namespace OrleansPersonalization.Api.Telemetry;

/// <summary>
/// OpenTelemetry for the API process: the framework's, the runtime's and Orleans's meters beside the
/// product's, scraped at <c>/metrics</c> in Prometheus text (no key, as the contract says), and sent by
/// OTLP, with traces, when an endpoint is configured (<c>OTEL_EXPORTER_OTLP_ENDPOINT</c> or
/// <c>Telemetry:OtlpEndpoint</c>).
/// </summary>
public static class TelemetrySetup
{
    public const string Section = "Telemetry";
    public const string MetricsPath = "/metrics";

    /// <summary>
    /// The meters of a silo this process co-hosts (the model's gauges, the jobs'): by name, since the
    /// API tier does not reference the silo; in a client-only process nothing publishes on them.
    /// </summary>
    public static readonly string[] SiloMeters = ["OrleansPersonalization.Model", "OrleansPersonalization.Jobs"];

    public static WebApplicationBuilder AddPersonalizationTelemetry(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configuration = builder.Configuration;
        var otlp = configuration[$"{Section}:OtlpEndpoint"] ?? configuration["OTEL_EXPORTER_OTLP_ENDPOINT"];
        var tracing = !string.IsNullOrEmpty(otlp) || configuration.GetValue<bool>($"{Section}:Tracing");
        builder.Services.AddSingleton<ProductMetrics>();

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("orleans-personalization"))
            .WithMetrics(metrics =>
            {
                metrics
                    .AddAspNetCoreInstrumentation()
                    .AddRuntimeInstrumentation()
                    .AddMeter("Microsoft.Orleans")
                    .AddMeter(ProductMetrics.MeterName, DegradedReadMetrics.MeterName)
                    .AddMeter(SiloMeters)
                    .AddPrometheusExporter();
                if (!string.IsNullOrEmpty(otlp))
                {
                    metrics.AddOtlpExporter(options => options.Endpoint = new Uri(otlp));
                }
            });

        if (tracing)
        {
            telemetry.WithTracing(traces =>
            {
                traces
                    .AddAspNetCoreInstrumentation(options =>
                    {
                        // Operators' own probes and scrapes are not traced.
                        options.Filter = context => !context.Request.Path.StartsWithSegments(MetricsPath) && !context.Request.Path.StartsWithSegments("/health");

                        // The path carries the raw user id: a span names the route template instead.
                        options.EnrichWithHttpResponse = (activity, response) => TraceRedaction.ReplacePath(activity, response.HttpContext);
                    })
                    .AddSource("Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application");
                if (!string.IsNullOrEmpty(otlp))
                {
                    traces.AddOtlpExporter(options => options.Endpoint = new Uri(otlp));
                }
            });
        }

        return builder;
    }

    public static WebApplication MapPersonalizationTelemetry(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);

        app.MapPrometheusScrapingEndpoint(MetricsPath).AllowAnonymous().DisableRateLimiting();
        return app;
    }
}
