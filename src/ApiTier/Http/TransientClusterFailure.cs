namespace OrleansPersonalization.Api.Http;

/// <summary>The failures of a grain call that a moment later, on a surviving silo, would not happen.</summary>
public static class TransientClusterFailure
{
    // InconsistentStateException: while membership changes (a silo dies or joins), a grain can
    // briefly be active twice; the stale activation's write is refused and it deactivates, so the
    // replayed request reaches the current one.
    /// <summary>
    /// As <see cref="Is(Exception)"/>, and a cancellation the request did not ask for: a message
    /// that expires while its grain is being placed again (its silo just died) is cancelled by the
    /// runtime, not by the client.
    /// </summary>
    public static bool Is(Exception exception, CancellationToken requestAborted) =>
        Is(exception) || (exception is OperationCanceledException && !requestAborted.IsCancellationRequested);

    public static bool Is(Exception exception) => exception switch
    {
        SiloUnavailableException or OrleansMessageRejectionException or Orleans.Runtime.Messaging.ConnectionFailedException or TimeoutException
            or Orleans.Storage.InconsistentStateException => true,
        OrleansException { InnerException: { } inner } => Is(inner),
        AggregateException { InnerException: { } inner } => Is(inner),
        _ => false,
    };
}
