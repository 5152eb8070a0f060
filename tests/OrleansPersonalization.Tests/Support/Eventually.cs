namespace OrleansPersonalization.Tests.Support;

/// <summary>
/// For what the product does after it answers: an addition to the model follows its event in the
/// background, so a test that looks for it polls (bounded) instead of expecting it at the answer.
/// </summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultWithin = TimeSpan.FromSeconds(10);

    /// <summary>The first value of <paramref name="read"/> that satisfies <paramref name="done"/>, or the last one read when time ran out.</summary>
    public static async Task<T> Until<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan? within = null)
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(done);
        var deadline = DateTime.UtcNow + (within ?? DefaultWithin);
        while (true)
        {
            var value = await read();
            if (done(value) || DateTime.UtcNow >= deadline)
            {
                return value;
            }

            await Task.Delay(20);
        }
    }
}
