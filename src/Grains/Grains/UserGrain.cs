using System.Collections.Immutable;
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
/// calls. Every state change goes through <see cref="SaveAsync"/>, which also keeps the user's
/// model contribution and retention deadline in step with the state.
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
    ModelSnapshotCache model,
    IOptions<ModelOptions> modelOptions,
    ILogger<UserGrain> logger) : Grain, IUserGrain
{
    private readonly RetentionPolicy _policy = options.Value.Retention();
    private string? _digest;
    private UserState _state = new();
    private byte[]? _dataKey;

    private string Key => this.GetPrimaryKeyString();
    private string Digest => _digest ??= UserKeys.Digest(Key);
    private UserState State => _state;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Payload is not { Length: > 0 })
        {
            return;
        }

        if (!UserStateProtector.NeedsKey(state.State))
        {
            // A plaintext row where encryption is on was not written by us: never trust it.
            if (protection.Value.EncryptAtRest)
            {
                logger.StateUnreadable(Digest);
                return;
            }

            _state = protector.Open(state.State, null, Key);
            return;
        }

        _dataKey = await keys.FindAsync(Key, cancellationToken);
        if (_dataKey is null)
        {
            // The key was shredded: whatever is left of the row can never be read again.
            logger.StateUnreadable(Digest);
            return;
        }

        _state = protector.Open(state.State, _dataKey, Key);
    }
    private DateTimeOffset Now => clock.GetUtcNow();

    public Task<ConsentLedger> GetConsent() => Task.FromResult(State.Consent);

    public async Task<ConsentLedger> SetConsent(ConsentCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
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

        await SaveAsync(next);
        var change = string.Join(' ', changed.Select(p => $"{p}={(after.IsGranted(p) ? "granted" : "withdrawn")}"))
            + $" policy={command.PolicyVersion} source={command.Source}";
        await audit.AppendAsync(AuditKinds.ConsentChange, command.ActorRole, Digest, change);
        logger.ConsentChanged(Digest, change);
        return after;
    }

    public async Task<EventOutcome> RecordEvents(ImmutableArray<BehaviourEvent> events)
    {
        if (!State.Consent.IsGranted(Purposes.Personalization))
        {
            return new EventOutcome(0, events.Length, EventOutcome.NoConsent);
        }

        var now = Now;
        var oldestKept = _policy.OldestKept(now);
        var fresh = events.Where(e => e.At > oldestKept).ToList();
        var dropped = events.Length - fresh.Count;
        if (fresh.Count > 0)
        {
            await SaveAsync(State with { Events = BehaviourLog.Append(State.Events, fresh, _policy, now) });

            if (logger.IsEnabled(LogLevel.Trace))
            {
                // Classified: the item id is redacted before it reaches any log sink.
                logger.EventsRecorded(Digest, fresh.Count, fresh.MaxBy(e => e.At)!.ItemId);
            }
        }

        return new EventOutcome(fresh.Count, dropped, dropped > 0 ? EventOutcome.OutsideRetention : null);
    }

    public Task<UserProfile> GetProfile() => Task.FromResult(State.Profile ?? UserProfile.Default);

    public async Task<ProfileUpdate> SetProfile(UserProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        if (!State.Consent.IsGranted(Purposes.Personalization))
        {
            return new ProfileUpdate(null, ConsentRequired: true);
        }

        if (profile != State.Profile)
        {
            await SaveAsync(State with { Profile = profile });
            logger.ProfileSet(Digest, profile.Country, profile.Language, profile.AgeBand);
        }

        return new ProfileUpdate(profile, ConsentRequired: false);
    }

    public async Task<RecommendationList> Recommend(int count, string? category)
    {
        await PruneExpiredAsync();
        var catalog = await grains.GetGrain<ICatalogGrain>(ICatalogGrain.Key).GetSnapshot();
        if (ReferenceEquals(model.Current, ModelSnapshot.Empty))
        {
            // Only right after this silo started: fetch the model once instead of answering without it.
            await model.RefreshAsync();
        }

        var snapshot = model.Current;

        var granted = State.Consent.IsGranted(Purposes.Personalization);
        var profile = State.Profile ?? UserProfile.Default;
        var items = Recommender.Recommend(
            new RecommendationInput(catalog, snapshot, State.Events, profile, granted, count, category, Now));
        return new RecommendationList(items, Recommender.IsPersonalized(granted, profile), ModelVersions.Of(snapshot, catalog));
    }

    public async Task<UserDataExport> Export(string actorRole)
    {
        await PruneExpiredAsync();
        var catalog = await grains.GetGrain<ICatalogGrain>(ICatalogGrain.Key).GetSnapshot();
        var taste = TasteProfile.From(State.Events, catalog, Now);
        var trail = await audit.QueryAsync(new AuditQuery(null, null, null, Digest, 1000));
        await audit.AppendAsync(AuditKinds.Export, actorRole, Digest, null);
        return new UserDataExport(
            Now,
            Digest,
            State.Consent,
            State.Profile,
            State.Events,
            State.ContributedItems,
            taste.Affinity,
            _policy,
            [.. trail]);
    }

    public async Task<ErasureReceipt> Erase(ErasureCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var receipt = new ErasureReceipt(Guid.NewGuid().ToString("N"), Now, ErasureReceipt.Everything, Digest);

        // Whatever happens below, nothing about the user stays in this activation: a failed step
        // must not let the next call write the old state back under a new key. The erasure is
        // idempotent, so the caller retries it on a fresh activation.
        _state = new UserState();
        try
        {
            // The contribution leaves the model before the row that remembers it disappears. Setting
            // an empty contribution is idempotent, so it is sent even when none is known.
            await grains.GetGrain<IModelGrain>(IModelGrain.Key).SetContribution(Key, []);

            // The user grain registers no reminders today; any that exist would hold the key, so they go too.
            foreach (var reminder in await this.GetReminders())
            {
                await this.UnregisterReminder(reminder);
            }

            await retention.SetAsync(Key, null);

            // Crypto-shredding first: without the key, the row and any copy of it (a backup, a replica)
            // are unreadable at once, even if the process dies before the row is deleted.
            await keys.ShredAsync(Key);
            _dataKey = null;
            await state.ClearStateAsync();
            state.State = new SealedUserState();

            // Once more now the row is gone: a model rebuild that read the row just before it went
            // would otherwise bring the contribution back.
            await grains.GetGrain<IModelGrain>(IModelGrain.Key).SetContribution(Key, []);
            await audit.AppendAsync(AuditKinds.Erasure, command.ActorRole, Digest, $"receipt={receipt.ReceiptId}");
            logger.Erased(Digest, receipt.ReceiptId);
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
        await PruneExpiredAsync();
        await retention.SetAsync(Key, BehaviourLog.NextExpiry(State.Events, _policy));
    }

    public Task<ImmutableSortedSet<string>> GetModelContribution() => Task.FromResult(State.ContributedItems);

    private async Task PruneExpiredAsync()
    {
        var pruned = BehaviourLog.Prune(State.Events, _policy, Now);
        if (pruned.Length != State.Events.Length)
        {
            logger.RetentionPruned(State.Events.Length - pruned.Length, Digest);
            await SaveAsync(State with { Events = pruned });
        }
    }

    private async Task SaveAsync(UserState next)
    {
        var contributes = next.Consent.IsGranted(Purposes.ModelTraining) && next.Consent.IsGranted(Purposes.Personalization);
        var contribution = contributes ? BehaviourLog.ContributionSet(next.Events, modelOptions.Value.MaxContributionItems) : [];
        var changed = !contribution.SetEquals(State.ContributedItems);
        next = next with { ContributedItems = contribution };

        // The deadline is indexed before the events it covers are stored, so a crash in between
        // leaves at worst an early entry, never stored behaviour that no sweep will find.
        await retention.SetAsync(Key, BehaviourLog.NextExpiry(next.Events, _policy));

        if (protection.Value.EncryptAtRest)
        {
            _dataKey ??= await keys.GetOrCreateAsync(Key);
        }

        var previous = state.State;
        state.State = protector.Seal(next, _dataKey, Key);
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

        // After the write: the stored state is the truth the model rebuilds from, and setting a
        // contribution is idempotent, so a replay or a crash in between cannot double-count.
        if (changed)
        {
            await grains.GetGrain<IModelGrain>(IModelGrain.Key).SetContribution(Key, contribution);
        }
    }
}
