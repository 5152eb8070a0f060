using System.Collections.Immutable;

namespace OrleansPersonalization.Grains;

/// <summary>
/// How one user grain's contribution reaches the model. An addition (the user's new set holds
/// everything the old one did) has no privacy deadline, so it is posted: the event that caused it is
/// acknowledged once it is durable, and the set follows in the background, at most one call in
/// flight, a newer set replacing one not yet sent (a contribution is a whole set, so only the latest
/// matters). A removal carries the P5 deadline: it waits for whatever is in flight, so it can never be
/// overtaken by an older addition, and then goes at once, its caller acknowledged only when the model
/// has it. Every turn runs on the activation's scheduler, so the fields need no lock.
/// </summary>
internal sealed class ContributionOutbox(Func<ImmutableSortedSet<string>, Task> send, Action<Exception> failed, ContributionBacklog backlog)
{
    private ImmutableSortedSet<string>? _unsent;

    // Whether this outbox is counted in the silo's backlog: from a post until nothing is left unacknowledged.
    private bool _counted;
    private Task _inFlight = Task.CompletedTask;

    /// <summary>A set is waiting or on its way to the model.</summary>
    public bool Busy => _unsent is not null || !_inFlight.IsCompleted;

    /// <summary>Sends <paramref name="items"/> after the caller's turn; returns at once.</summary>
    public void Post(ImmutableSortedSet<string> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        _unsent = items;
        if (!_counted)
        {
            _counted = true;
            backlog.Added();
        }

        if (_inFlight.IsCompleted)
        {
            _inFlight = RunAsync();
        }
    }

    /// <summary>Sends <paramref name="items"/> after anything in flight and returns once the model has it.</summary>
    public async Task SendNowAsync(ImmutableSortedSet<string> items)
    {
        ArgumentNullException.ThrowIfNull(items);

        // The newer set replaces whatever was still waiting: it is the whole truth.
        _unsent = null;
        await SettleAsync();
        await send(items);
        Uncount();
    }

    /// <summary>Waits until nothing is waiting or in flight, sending once more what a failure left unsent.</summary>
    public async Task FlushAsync()
    {
        await SettleAsync();
        if (_unsent is { } left)
        {
            _unsent = null;
            await send(left);
        }

        Uncount();
    }

    /// <summary>The activation goes: whatever is still unsent is the store's to bring back (a rebuild reads it).</summary>
    public void Abandon()
    {
        _unsent = null;
        Uncount();
    }

    private void Uncount()
    {
        if (_counted && _unsent is null && _inFlight.IsCompleted)
        {
            _counted = false;
            backlog.Settled();
        }
    }

    private async Task SettleAsync()
    {
        while (!_inFlight.IsCompleted)
        {
            // RunAsync never faults: its failures are reported and the set kept for the next attempt.
            await _inFlight;
        }
    }

    private async Task RunAsync()
    {
        // Let the turn that posted finish (and answer its caller) before the first send.
        await Task.Yield();
        while (_unsent is { } items)
        {
            _unsent = null;
            try
            {
                await send(items);
            }
            catch (Exception exception)
            {
                // Kept, unless a newer set arrived meanwhile: the next post, a removal or the
                // deactivation sends it; a model rebuild from the store would bring it in as well.
                _unsent ??= items;
                failed(exception);
                return;
            }
        }

        // Everything posted has been acknowledged.
        if (_counted)
        {
            _counted = false;
            backlog.Settled();
        }
    }
}
