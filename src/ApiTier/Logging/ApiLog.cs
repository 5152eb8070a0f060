namespace OrleansPersonalization.Api.Logging;

/// <summary>Log messages of the API tier. Requests are logged by route template, never by raw path.</summary>
internal static partial class ApiLog
{
    [LoggerMessage(3001, LogLevel.Information, "HTTP {Method} {Route} answered {StatusCode} in {ElapsedMilliseconds:0.0} ms")]
    public static partial void RequestCompleted(this ILogger logger, string method, string route, int statusCode, double elapsedMilliseconds);

    [LoggerMessage(3003, LogLevel.Information, "Demo data seeded: {Items} items, {Users} demo users")]
    public static partial void DemoSeeded(this ILogger logger, int items, int users);

    [LoggerMessage(3004, LogLevel.Information, "Generated the embedded API keys into {Path}")]
    public static partial void ApiKeysGenerated(this ILogger logger, string path);

    [LoggerMessage(3005, LogLevel.Warning, "A cluster call failed with {ExceptionType}; replaying the request (attempt {Attempt})")]
    public static partial void ClusterCallRetried(this ILogger logger, int attempt, string exceptionType);

    [LoggerMessage(3006, LogLevel.Warning, "The popular lists for degraded reads were not refreshed ({ExceptionType}); the previous copy stays")]
    public static partial void PopularListsNotRefreshed(this ILogger logger, string exceptionType);

    [LoggerMessage(3007, LogLevel.Debug, "A recommendation was answered with the popular list ({Cause})")]
    public static partial void RecommendationDegraded(this ILogger logger, string cause);
}
