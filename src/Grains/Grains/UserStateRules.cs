using Microsoft.Extensions.Options;
using OrleansPersonalization.Domain.Audit;
using OrleansPersonalization.Domain.Behaviour;
using OrleansPersonalization.Domain.Consent;
using OrleansPersonalization.Domain.Model;
using OrleansPersonalization.Domain.Privacy;
using OrleansPersonalization.Domain.Protection;

namespace OrleansPersonalization.Grains;

/// <summary>
/// What follows from a change of a user's state, whoever applies it: the grain on a request, or a
/// replay of the journal at activation or in a model rebuild. Both must arrive at the same state,
/// so the rules live here once.
/// </summary>
public sealed class UserStateRules(IOptions<PrivacyOptions> privacy, IOptions<ModelOptions> model, IOptions<ProtectionOptions> protection)
{
    public RetentionPolicy Policy { get; } = privacy.Value.Retention();

    private bool EncryptAtRest => protection.Value.EncryptAtRest;

    /// <summary>
    /// <paramref name="next"/> with what it implies: the model contribution, an audit subject, and
    /// (when the change removed personal data and no re-keying is pending) the time by which the
    /// state must be re-keyed. Whether to re-key right away is the writer's decision.
    /// </summary>
    public UserState Settle(UserState before, UserState next, DateTimeOffset now, bool recordExists)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(next);
        var contributes = next.Consent.IsGranted(Purposes.ModelTraining) && next.Consent.IsGranted(Purposes.Personalization);
        next = next with
        {
            ContributedItems = contributes ? BehaviourLog.ContributionSet(next.Events, model.Value.MaxContributionItems) : [],
            AuditSubject = next.AuditSubject ?? AuditSubjects.New(),

            // A row from before audit subjects: its user's older entries carry the key's digest.
            HasLegacyAuditEntries = next.HasLegacyAuditEntries || (recordExists && before.AuditSubject is null),
        };

        // Removing personal data re-keys the state: every older version of the row, wherever the
        // store keeps it, stays sealed under the old key, which is destroyed once the new state is written.
        var removes = DataRemoval.Removes(
            before.Events, next.Events, before.Profile, next.Profile,
            before.ContributedItems, next.ContributedItems, before.Consent, next.Consent);
        var dueBy = before.RekeyDueBy ?? (removes ? now + TimeSpan.FromMinutes(privacy.Value.RetentionSweepMinutes) : null);
        return next with { RekeyDueBy = EncryptAtRest ? dueBy : null };
    }

    /// <summary>The state after recording <paramref name="fresh"/> at <paramref name="now"/>, settled.</summary>
    public UserState Record(UserState state, IEnumerable<BehaviourEvent> fresh, DateTimeOffset now, bool recordExists)
    {
        ArgumentNullException.ThrowIfNull(state);
        return Settle(state, state with { Events = BehaviourLog.Append(state.Events, fresh, Policy, now) }, now, recordExists);
    }

    /// <summary>A journal record applied to the state it followed: the step the grain took when it wrote it.</summary>
    public UserState Replay(UserState state, JournalRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return Record(state, record.Events, record.At, recordExists: true);
    }

    /// <summary>When the sweep must visit: the oldest event's expiry, or sooner when re-keying is due.</summary>
    public DateTimeOffset? RetentionDue(UserState user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var expiry = BehaviourLog.NextExpiry(user.Events, Policy);
        return user.RekeyDueBy is { } rekey && (expiry is null || rekey < expiry) ? rekey : expiry;
    }
}
