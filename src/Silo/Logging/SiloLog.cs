using Microsoft.Extensions.Logging;

namespace OrleansPersonalization.Silo.Logging;

internal static partial class SiloLog
{
    [LoggerMessage(2001, LogLevel.Information, "Retention sweep visited {Count} users")]
    public static partial void RetentionSwept(this ILogger logger, int count);

    [LoggerMessage(2002, LogLevel.Warning, "Retention sweep failed; it will run again at the next period")]
    public static partial void RetentionSweepFailed(this ILogger logger, Exception exception);

    [LoggerMessage(2003, LogLevel.Warning, "Retention sweep could not visit a user; it is tried again in an hour and the sweep goes on")]
    public static partial void RetentionVisitFailed(this ILogger logger, Exception exception);
}
