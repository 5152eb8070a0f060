namespace OrleansPersonalization.Storage;

/// <summary>
/// The keyed <see cref="TimeProvider"/> that domain code reads. Orleans uses the unkeyed one for its
/// own timers, so tests can move the domain clock by days without confusing the runtime.
/// </summary>
public static class Clocks
{
    public const string Domain = "personalization-domain-clock";
}
