using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using OrleansPersonalization.Api.Http;

namespace OrleansPersonalization.Api.Security;

/// <summary>The global rate limiter: a token bucket per authenticated key name, or per client address.</summary>
public static class ApiRateLimiting
{
    public static IServiceCollection AddApiRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<RateLimitingOptions>(configuration.GetSection(RateLimitingOptions.Section));
        services.AddRateLimiter(limiter =>
        {
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(
                http => Partition(http, http.RequestServices.GetRequiredService<IOptions<RateLimitingOptions>>().Value));
            limiter.OnRejected = async (context, cancellationToken) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? (int)Math.Ceiling(wait.TotalSeconds) : 1;
                retryAfter = Math.Max(1, retryAfter);
                context.HttpContext.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
                await Problems.TooManyRequests(retryAfter).ExecuteAsync(context.HttpContext);
            };
        });
        return services;
    }

    private static RateLimitPartition<string> Partition(HttpContext http, RateLimitingOptions options)
    {
        if (!options.Enabled)
        {
            return RateLimitPartition.GetNoLimiter("off");
        }

        // Authentication has run: a valid key is limited by its name, anything else by address.
        if (http.User.Identity is { IsAuthenticated: true } && http.User.FindFirstValue(ClaimTypes.Name) is { } key)
        {
            return RateLimitPartition.GetTokenBucketLimiter("key:" + key, _ => Bucket(options.Burst, options.PermitsPerSecond));
        }

        var address = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        return RateLimitPartition.GetTokenBucketLimiter("address:" + address, _ => Bucket(options.AnonymousBurst, options.AnonymousPermitsPerSecond));
    }

    private static TokenBucketRateLimiterOptions Bucket(int burst, int perSecond) => new()
    {
        TokenLimit = Math.Max(1, burst),
        TokensPerPeriod = Math.Max(1, perSecond),
        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
        QueueLimit = 0,
        AutoReplenishment = true,
    };
}
