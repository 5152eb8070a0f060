using System.Collections.Immutable;
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansPersonalization.Contracts;
using OrleansPersonalization.Domain.Audit;
using OrleansPersonalization.Domain.Behaviour;
using OrleansPersonalization.Domain.Consent;
using OrleansPersonalization.Domain.Erasure;
using OrleansPersonalization.Domain.Model;
using OrleansPersonalization.Domain.Privacy;
using OrleansPersonalization.Domain.Profile;
using OrleansPersonalization.Domain.Protection;
using OrleansPersonalization.Domain.Pseudonymization;
using OrleansPersonalization.Domain.Recommendations;
using OrleansPersonalization.Logging;
using Orleans.Placement;
using OrleansPersonalization.Storage;

namespace OrleansPersonalization.Grains;

/// <summary>
/// One pseudonymous user. The grain only sequences work: the rules live in the domain classes it
/// calls (<see cref="UserStateRules"/> among them). Every state change goes through
/// <see cref="WriteAsync"/>, which also keeps the user's model contribution and retention deadline
/// in step with the state, except new behaviour, which is appended to the user's journal: a new
/// event writes its own few bytes, not the whole state, and every
/// <see cref="MaxJournalEntries"/> appends the state row is written whole again (compaction).
/// </summary>
[GrainType(GrainTypes.User)]
[RandomPlacement]
public sealed class UserGrain(
    [PersistentState(StorageNames.UserState, StorageNames.Provider)] IPersistentState<SealedUserState> state,
    UserDataKeys keys,
    UserStateProtector protector,
    IOptions<ProtectionOptions> protection,
    IGrainFactory grains,
    IOptions<PrivacyOptions> options,
    [FromKeyedServices(Clocks.Domain)] TimeProvider clock,
    IAuditTrail audit,
    IRetentionSchedule retention,
    IUserJournal journal,
    UserJournalCodec journalCodec,
    UserStateRules rules,
    ModelSnapshotCache model,
    CatalogSnapshotCache catalogCopy,
    IOptions<ModelOptions> modelOptions,
    ContributionBacklog backlog,
    ILogger<UserGrain> logger) : Grain, IUserGrain
{
    private const int ContributionAttempts = 3;

    /// <summary>Appends between two writes of the whole row: bounds both the replay at activation and the journal's size.</summary>
    internal const int MaxJournalEntries = 16;

    private readonly RetentionPolicy _policy = rules.Policy;
    private string? _digest;

    /// <summary>Journal entries stored beside the row: appended since it was written, or left over from before.</summary>
    private int _journalEntries;

    /// <summary>The deadline the retention index holds for this user, when this activation knows it.</summary>
    private DateTimeOffset? _indexedDue;
    private bool _indexKnown;
    private UserState _state = new();
    private ContributionOutbox? _outbox;
    private byte[]? _dataKey;
    private bool _unreadable;

    private string Key => this.GetPrimaryKeyString();
    private string Digest => _digest ??= UserKeys.Digest(Key);
    private UserState State => _state;

    private ContributionOutbox Outbox => _outbox ??= new ContributionOutbox(
        SetContributionAsync,
        exception => logger.ContributionDeferred(Digest, exception.GetType().Name),
        backlog);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Damaged)
        {
            MarkUnreadable();
            return;
        }

        var entries = await journal.ReadAsync(Key, cancellationToken);
        if (state.State.Payload is not { Length: > 0 })
        {
            // Nothing stored, so nothing the retention index must cover: an erasure clears the entry
            // before the row, and one left by a first write that failed is early, which a sweep
            // tolerates. A new user's first write need not clear what is not there.
            (_indexKnown, _indexedDue) = (true, null);

            if (entries.Count > 0)
            {
                // Entries without a row: an erasure stopped after shredding the key. They open with
                // no key that exists; the first write of this (new) user removes them.
                _state = _state with { JournalThrough = entries[^1].Sequence };
                _journalEntries = entries.Count;
            }

            return;
        }

        // A plaintext row where encryption is on was not written by us: never trust it.
        if (!UserStateProtector.NeedsKey(state.State) && protection.Value.EncryptAtRest)
        {
            MarkUnreadable();
            return;
        }

        try
        {
            if (UserStateProtector.NeedsKey(state.State))
            {
                await OpenSealedStateAsync(cancellationToken);
            }
            else
            {
                _state = protector.Open(state.State, null, Key);
            }

            ReplayJournal(entries);
        }
        catch (Exception exception) when (IsUnreadable(exception))
        {
            // The row or its key cannot be opened (damaged, a retired master key): the user must
            // stay erasable. Anything else (the store unreachable) fails the activation, which the
            // next call retries.
            MarkUnreadable();
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // An addition posted in the background must not die with the activation.
        if (_outbox is { Busy: true } outbox)
        {
            try
            {
                await outbox.FlushAsync().WaitAsync(cancellationToken);
            }
            catch (Exception exception)
            {
                logger.ContributionDeferred(Digest, exception.GetType().Name);
                outbox.Abandon();
            }
        }
    }

    private static bool IsUnreadable(Exception exception) =>
        exception is CryptographicException or Orleans.Serialization.CodecNotFoundException or Orleans.Serialization.SerializerException
            or FormatException or System.Text.Json.JsonException or InvalidCastException or EndOfStreamException;

    /// <summary>
    /// Behaviour appended since the row was written, applied as it was when it was recorded. Entries
    /// are sealed with the key of the row they follow: rows are re-keyed only by a whole write,
    /// which takes the journal in.
    /// </summary>
    private void ReplayJournal(IReadOnlyList<JournalEntry> entries)
    {
        foreach (var entry in entries)
        {
            if (entry.Sequence > _state.JournalThrough)
            {
                _state = rules.Replay(_state, journalCodec.Open(entry, _dataKey, Key)) with { JournalThrough = entry.Sequence };
            }

            _journalEntries++;
        }
    }

    private async Task OpenSealedStateAsync(CancellationToken cancellationToken)
    {
        var current = await keys.FindAsync(Key, cancellationToken);
        var pending = await keys.FindPendingAsync(Key, cancellationToken);
        if (current is null && pending is null)
        {
            // No key for a sealed row: an erasure that stopped after shredding, or keys lost or
            // misconfigured. Either way the row is not overwritten as if the user were new; the
            // erasure (repeated) removes it.
            throw new CryptographicException("The user's state is sealed and no key for it is stored.");
        }

        if (current is not null && TryOpen(current) is { } opened)
        {
            _dataKey = current;
            _state = opened;
            if (pending is not null)
            {
                // A rotation stopped before its state was written: the next key was never used.
                await keys.AbandonRotationAsync(Key, cancellationToken);
            }

            return;
        }

        // A rotation was interrupted after the state sealed with the next key was written: finish it.
        _state = protector.Open(state.State, pending ?? throw new CryptographicException("The state does not open with the user's key."), Key);
        await keys.CompleteRotationAsync(Key, cancellationToken);
        _dataKey = pending;
    }

    private UserState? TryOpen(byte[] dataKey)
    {
        try
        {
            return protector.Open(state.State, dataKey, Key);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    private void MarkUnreadable()
    {
        _unreadable = true;
        logger.StateDamaged(Digest);
    }

    /// <summary>Reads and writes of a row that cannot be opened are refused: overwriting it would destroy what a restored master key or backup could still recover.</summary>
    private void EnsureReadable()
    {
        if (_unreadable)
        {
            throw new UserStateUnreadableException();
        }
    }

    private DateTimeOffset Now => clock.GetUtcNow();

    public Task<ConsentLedger> GetConsent()
    {
        EnsureReadable();
        return Task.FromResult(State.Consent);
    }

    public async Task<ConsentLedger> SetConsent(ConsentCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        EnsureReadable();
        var before = State.Consent;
        var after = before.Apply(command.Purposes, command.PolicyVersion, command.Source, Now, options.Value.MaxConsentHistory);
        var changed = command.Purposes.Keys.Where(p => after.DecisionFor(p) != before.DecisionFor(p)).ToList();
        if (changed.Count == 0)
        {
            return before;
        }

        var next = State with { Consent = after };
        if (before.IsGranted(Purposes.Personalization) && !after.IsGranted(Purposes.Personalization))
        {
            // Withdrawal takes effect at once: the data kept for this purpose goes with it.
            next = next with { Events = [], Profile = null };
            logger.PersonalizationWithdrawn(Digest);
        }

        // A withdrawal removes data at the person's request: its old versions stop opening now.
        var withdrawn = changed.Any(p => before.IsGranted(p) && !after.IsGranted(p));
        // Policy version and source are checked against closed shapes at the edge: no free text reaches the trail.
        var change = string.Join(' ', changed.Select(p => $"{p}={(after.IsGranted(p) ? "granted" : "withdrawn")}"))
            + $" policy={command.PolicyVersion} source={command.Source}";

        // Recorded once the new state is stored, alongside what follows the write (the end of a
        // key rotation, the model's part), not after it: both are durable before the answer.
        await SaveAsync(next, rekeyNow: withdrawn, alongside: () => audit.AppendAsync(AuditKinds.ConsentChange, command.ActorRole, State.AuditSubject, change));
        logger.ConsentChanged(Digest, change);
        return after;
    }

    public async Task<EventOutcome> RecordEvents(ImmutableArray<BehaviourEvent> events)
    {
        if (_unreadable)
        {
            // Dropped, not an error: one damaged user must not fail a bulk delivery for everybody else.
            return new EventOutcome(0, events.Length, EventOutcome.StateUnreadable);
        }

        if (!State.Consent.IsGranted(Purposes.Personalization))
        {
            return new EventOutcome(0, events.Length, EventOutcome.NoConsent);
        }

        var now = Now;
        var oldestKept = _policy.OldestKept(now);
        var inWindow = events.Where(e => e.At > oldestKept).ToList();
        var dropped = events.Length - inWindow.Count;

        // A replayed delivery (same event id) is acknowledged as recorded: it is, once.
        var fresh = BehaviourLog.WithoutRepeats(State.Events, inWindow).ToList();
        if (fresh.Count > 0)
        {
            var next = rules.Record(State, fresh, now, state.RecordExists);
            if (CanAppend(next, now))
            {
                await AppendAsync(fresh, now, next);
            }
            else
            {
                await WriteAsync(next, rekeyNow: false);
            }

            if (logger.IsEnabled(LogLevel.Trace))
            {
                // Classified: the item id is redacted before it reaches any log sink.
                logger.EventsRecorded(Digest, fresh.Count, fresh.MaxBy(e => e.At)!.ItemId);
            }
        }

        return new EventOutcome(inWindow.Count, dropped, dropped > 0 ? EventOutcome.OutsideRetention : null);
    }

    public Task<UserProfile> GetProfile()
    {
        EnsureReadable();
        return Task.FromResult(State.Profile ?? UserProfile.Default);
    }

    public async Task<ProfileUpdate> SetProfile(UserProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        EnsureReadable();
        if (!State.Consent.IsGranted(Purposes.Personalization))
        {
            return new ProfileUpdate(null, ConsentRequired: true);
        }

        if (profile != State.Profile)
        {
            // A changed profile is a rectification: the previous values stop opening now.
            await SaveAsync(State with { Profile = profile }, rekeyNow: State.Profile is not null);
            logger.ProfileSet(Digest, profile.Country, profile.Language, profile.AgeBand);
        }

        return new ProfileUpdate(profile, ConsentRequired: false);
    }

    public async Task<RecommendationList> Recommend(int count, string? category)
    {
        EnsureReadable();

        // This silo's copies of the catalog and the model: no grain call on the way to an answer.
        var catalog = await catalogCopy.CurrentAsync();
        if (category is not null && !catalog.HasCategory(category))
        {
            return RecommendationList.ForUnknownCategory;
        }

        await PruneExpiredAsync();
        var snapshot = await model.CurrentAsync();

        var granted = State.Consent.IsGranted(Purposes.Personalization);
        var profile = State.Profile ?? UserProfile.Default;
        var items = Recommender.Recommend(
            new RecommendationInput(catalog, snapshot, State.Events, profile, granted, count, category, Now));
        return new RecommendationList(items, Recommender.IsPersonalized(granted, profile), ModelVersions.Of(snapshot, catalog));
    }

    public async Task<UserDataExport> Export(string actorRole)
    {
        EnsureReadable();
        await PruneExpiredAsync();
        if (state.RecordExists && State.AuditSubject is null)
        {
            // A row from before audit subjects: give it one, so this export is recorded under it.
            await SaveAsync(State);
        }

        // Somebody the store knows nothing about gets a subject of the moment: their export is
        // recorded, but nothing is stored about them to link it to.
        var subject = State.AuditSubject ?? AuditSubjects.New();
        var catalog = await catalogCopy.CurrentAsync();
        var taste = TasteProfile.From(State.Events, catalog, Now);
        var trail = state.RecordExists ? await AuditTrailOfAsync(subject) : [];
        await audit.AppendAsync(AuditKinds.Export, actorRole, subject, null);
        return new UserDataExport(
            Now,
            subject,
            State.Consent,
            State.Profile,
            State.Events,
            State.ContributedItems,
            taste.Affinity,
            _policy,
            [.. trail]);
    }

    /// <summary>Every entry about the user, page by page (P8: the export is complete however long the trail).</summary>
    private async Task<List<AuditEntry>> AuditTrailOfAsync(string subject)
    {
        const int Page = 1000;

        // Entries written before audit subjects existed name the user by the key's digest; those up
        // to an erasure under that digest belong to whoever was erased, not to this user.
        var legacy = State.HasLegacyAuditEntries ? await PagesAsync(UserKeys.Digest(Key)) : [];
        var lastErasure = legacy.FindLastIndex(e => e.Kind == AuditKinds.Erasure);
        var trail = legacy.Skip(lastErasure + 1).Concat(await PagesAsync(subject)).ToList();
        trail.Sort((a, b) => a.Sequence.CompareTo(b.Sequence));
        return trail;

        async Task<List<AuditEntry>> PagesAsync(string name)
        {
            var entries = new List<AuditEntry>();
            long? after = null;
            while (true)
            {
                var page = await audit.QueryAsync(new AuditQuery(null, null, null, name, Page, after));
                entries.AddRange(page);
                if (page.Count < Page)
                {
                    return entries;
                }

                after = page[^1].Sequence;
            }
        }
    }

    public async Task<ErasureReceipt> Erase(ErasureCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var receipt = new ErasureReceipt(Guid.NewGuid().ToString("N"), Now, ErasureReceipt.Everything);

        // Whatever happens below, nothing about the user stays in this activation: a failed step
        // must not let the next call write the old state back under a new key. The erasure is
        // idempotent, so the caller retries it on a fresh activation.
        _state = new UserState();
        _unreadable = false;
        try
        {
            // The contribution leaves the model before the row that remembers it disappears. Setting
            // an empty contribution is idempotent, so it is sent even when none is known.
            await Outbox.SendNowAsync([]);

            // The user grain registers no reminders today; any that exist would hold the key, so they go too.
            foreach (var reminder in await this.GetReminders())
            {
                await this.UnregisterReminder(reminder);
            }

            _indexKnown = false;
            await retention.SetAsync(Key, null);

            // Crypto-shredding first: without the key, the row and any copy of it (a backup, a replica)
            // are unreadable at once, even if the process dies before the row is deleted.
            await keys.ShredAsync(Key);
            _dataKey = null;
            await journal.RemoveAllAsync(Key);
            _journalEntries = 0;
            await state.ClearStateAsync();
            state.State = new SealedUserState();

            // Once more now the row is gone: a model rebuild that read the row just before it went
            // would otherwise bring the contribution back.
            await SetContributionAsync([]);
            // Named by the receipt, not the person: the user's own audit subject died with their state.
            await audit.AppendAsync(AuditKinds.Erasure, command.ActorRole, AuditSubjects.ForReceipt(receipt.ReceiptId), $"receipt={receipt.ReceiptId}");
            // Not the receipt: a log line pairing the two would tie the person to their erasure entry.
            logger.Erased(Digest);
            return receipt;
        }
        finally
        {
            // The next call starts a fresh activation that reads whatever the store still holds.
            this.DeactivateOnIdle();
        }
    }

    public async Task EnforceRetention()
    {
        if (_unreadable)
        {
            // Nothing can be pruned from a row nobody can open; look again later instead of failing the sweep.
            _indexKnown = false;
            await retention.SetAsync(Key, Now + TimeSpan.FromDays(1));
            return;
        }

        // Off the request path: expired behaviour goes, and any re-keying that ordinary writes left due happens now.
        await PruneExpiredAsync(rekeyNow: true);
        if (State.RekeyDueBy is not null)
        {
            await SaveAsync(State, rekeyNow: true);
        }

        // The sweep came because the index said so: whatever this activation believes it holds, set it.
        _indexKnown = false;
        await IndexRetentionAsync(State);
    }

    public Task<ImmutableSortedSet<string>> GetModelContribution()
    {
        EnsureReadable();
        return Task.FromResult(State.ContributedItems);
    }

    public async Task<string?> LookUpAuditSubject(string actorRole)
    {
        EnsureReadable();
        if (!state.RecordExists || State.AuditSubject is not { } subject)
        {
            return null;
        }

        await audit.AppendAsync(AuditKinds.AuditSearch, actorRole, subject, null);
        return subject;
    }

    private async Task PruneExpiredAsync(bool rekeyNow = false)
    {
        var pruned = BehaviourLog.Prune(State.Events, _policy, Now);
        if (pruned.Length != State.Events.Length)
        {
            logger.RetentionPruned(State.Events.Length - pruned.Length, Digest);
            await SaveAsync(State with { Events = pruned }, rekeyNow);
        }
    }

    /// <summary>
    /// The deadline is indexed before the data it covers is stored, so a crash in between leaves at
    /// worst an early entry, never stored behaviour that no sweep will find; and only when it moves:
    /// a new event rarely changes when the oldest one expires.
    /// </summary>
    private async Task IndexRetentionAsync(UserState next)
    {
        var due = rules.RetentionDue(next);
        if (_indexKnown && due == _indexedDue)
        {
            return;
        }

        _indexKnown = false;
        await retention.SetAsync(Key, due);
        _indexedDue = due;
        _indexKnown = true;
    }

    /// <summary>
    /// New behaviour goes to the journal when it is a pure addition to a row that exists, sealed
    /// with the key the row is sealed with: no re-keying due, nothing but events and what follows
    /// from them changed, and the journal not yet due for compaction.
    /// </summary>
    private bool CanAppend(UserState next, DateTimeOffset now) =>
        state.RecordExists
        && _journalEntries < MaxJournalEntries
        && (!protection.Value.EncryptAtRest || _dataKey is not null)
        && next.AuditSubject == State.AuditSubject
        && next.HasLegacyAuditEntries == State.HasLegacyAuditEntries
        && (next.RekeyDueBy is not { } due || due > now);

    private async Task AppendAsync(List<BehaviourEvent> fresh, DateTimeOffset now, UserState next)
    {
        await IndexRetentionAsync(next);
        var sequence = State.JournalThrough + 1;
        var payload = journalCodec.Seal(new JournalRecord([.. fresh], now), _dataKey, Key, sequence);
        try
        {
            await journal.AppendAsync(Key, sequence, payload);
        }
        catch
        {
            // Whether the entry is stored may be unknown (a commit that failed on the way back): a
            // fresh activation reads what the journal holds instead of guessing.
            this.DeactivateOnIdle();
            throw;
        }

        var before = State;
        _state = next with { JournalThrough = sequence };
        _journalEntries++;

        // After the append, as after a whole write: the stored journal is part of the truth the model rebuilds from.
        await ContributeAsync(before.ContributedItems, next.ContributedItems);
    }

    /// <param name="rekeyNow">
    /// The write removes data at the person's request (a withdrawal, a changed profile) or runs off
    /// the request path (the retention sweep): re-key at once. Otherwise a removal (an event past the
    /// size bound, expiry noticed while serving) leaves re-keying due within one sweep period, so
    /// the hot path does not pay a key rotation per event.
    /// </param>
    /// <param name="alongside">Runs once the state is stored, concurrently with the steps that follow the write.</param>
    private Task SaveAsync(UserState next, bool rekeyNow = false, Func<Task>? alongside = null) =>
        WriteAsync(rules.Settle(State, next, Now, state.RecordExists), rekeyNow, alongside);

    /// <summary>Writes the whole, settled state (journal included), re-keying it when that is due.</summary>
    private async Task WriteAsync(UserState next, bool rekeyNow, Func<Task>? alongside = null)
    {
        var before = State;
        var now = Now;
        var rotating = protection.Value.EncryptAtRest && _dataKey is not null && next.RekeyDueBy is { } due && (rekeyNow || due <= now);
        if (rotating)
        {
            next = next with { RekeyDueBy = null };
        }

        await IndexRetentionAsync(next);

        byte[]? sealingKey = null;
        if (protection.Value.EncryptAtRest)
        {
            sealingKey = rotating ? await keys.BeginRotationAsync(Key) : _dataKey ??= await keys.GetOrCreateAsync(Key);
        }

        var previous = state.State;
        state.State = protector.Seal(next, sealingKey, Key);
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State = previous;
            throw;
        }

        _state = next;
        if (rotating)
        {
            _dataKey = sealingKey;
        }

        // What follows the write is independent, so it runs together: one wait instead of three
        // for the person who asked. The key store is another file, the model another grain.
        // After the write: the stored state is the truth the model rebuilds from, and setting a
        // contribution is idempotent, so a replay or a crash in between cannot double-count.
        await Task.WhenAll(
            rotating ? CompleteRotationAsync() : Task.CompletedTask,
            _journalEntries > 0 ? CompactJournalAsync(next.JournalThrough) : Task.CompletedTask,
            ContributeAsync(before.ContributedItems, next.ContributedItems),
            alongside?.Invoke() ?? Task.CompletedTask);
    }

    private async Task CompleteRotationAsync()
    {
        try
        {
            await keys.CompleteRotationAsync(Key);
        }
        catch
        {
            // The state is sealed under the pending key now. A fresh activation opens it with
            // that key and finishes the rotation; this one must not start another on top of it.
            this.DeactivateOnIdle();
            throw;
        }
    }

    /// <summary>
    /// An addition is posted and follows in the background (no privacy deadline, and the stored
    /// state it follows is already durable); anything that takes an item out goes now, and the
    /// write that caused it is acknowledged only once the model has it (P5).
    /// </summary>
    private Task ContributeAsync(ImmutableSortedSet<string> before, ImmutableSortedSet<string> after)
    {
        if (after.SetEquals(before))
        {
            return Task.CompletedTask;
        }

        if (!after.IsEmpty && after.IsSupersetOf(before))
        {
            Outbox.Post(after);
            return Task.CompletedTask;
        }

        return Outbox.SendNowAsync(after);
    }

    /// <summary>
    /// The row now holds every entry up to <paramref name="through"/>, so they go. Failing here loses
    /// nothing (the row says which entries it holds, and the next compaction tries again), so the
    /// write it follows is not failed for it.
    /// </summary>
    private async Task CompactJournalAsync(long through)
    {
        try
        {
            await journal.RemoveThroughAsync(Key, through);
            _journalEntries = 0;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.JournalCompactionFailed(Digest, exception.GetType().Name);
        }
    }

    /// <summary>
    /// Sends the contribution through the user's partition. Setting it is idempotent, so a call that
    /// failed (a partition or model silo that died, a timeout) is simply sent again, a few times.
    /// </summary>
    private async Task SetContributionAsync(ImmutableSortedSet<string> items)
    {
        var partition = grains.Reference<IContributionPartitionGrain>(ContributionPartitions.Of(Key, Math.Max(1, modelOptions.Value.ContributionPartitions)));
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await partition.SetContribution(Key, items);
                return;
            }
            catch (Exception exception) when (attempt < ContributionAttempts && exception is not ArgumentException)
            {
                logger.ContributionRetried(Digest, attempt);
                await Task.Delay(TimeSpan.FromMilliseconds(100 * attempt));
            }
        }
    }
}
