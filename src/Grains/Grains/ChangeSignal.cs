namespace OrleansPersonalization.Grains;

/// <summary>
/// What an owner grain's long poll waits on: <see cref="Fire"/> wakes every waiter of the moment,
/// and a waiter gives up after its wait or when the silo stops (its shutdown must not wait out polls).
/// </summary>
internal sealed class ChangeSignal
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Fire() => Interlocked.Exchange(ref _next, new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    public async Task WaitAsync(TimeSpan wait, CancellationToken stopping)
    {
        var changed = _next.Task;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        var delay = Task.Delay(wait, timeout.Token);
        if (await Task.WhenAny(changed, delay) == changed)
        {
            await timeout.CancelAsync();
        }
    }
}
