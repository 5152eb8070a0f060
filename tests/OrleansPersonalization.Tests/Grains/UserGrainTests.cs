using Orleans.Runtime;
using OrleansPersonalization.Contracts;
using OrleansPersonalization.Domain.Audit;
using OrleansPersonalization.Domain.Consent;
using OrleansPersonalization.Domain.Profile;
using OrleansPersonalization.Domain.Pseudonymization;
using OrleansPersonalization.Grains;
using OrleansPersonalization.Silo.Retention;
using OrleansPersonalization.Tests.Support;
using static OrleansPersonalization.Tests.Grains.GrainTestData;

namespace OrleansPersonalization.Tests.Grains;

/// <summary>The privacy invariants at grain level, on a two-silo cluster with the embedded store.</summary>
public abstract class UserGrainTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : ClusterFixture
{
    private IGrainFactory Grains => fixture.Grains;

    /// <summary>The user's stored state as the system reads it (decrypted), as JSON; the row must exist.</summary>
    private async Task<string> Stored(string key) =>
        await StoredStates.ReadAsync(SiloServices, key)
            ?? throw new InvalidOperationException("The user's row is missing.");

    private IServiceProvider SiloServices => ((Orleans.TestingHost.InProcessSiloHandle)fixture.Cluster.Silos[0]).SiloHost.Services;

    private IUserGrain User(string key) => Grains.GetGrain<IUserGrain>(key);

    [Fact]
    public async Task P1_events_without_personalization_consent_are_dropped_and_nothing_is_stored()
    {
        var key = NewUserKey();

        var outcome = await User(key).RecordEvents([View("a", fixture.Clock.GetUtcNow())]);
        await User(key).SetConsent(Consent(personalization: false, modelTraining: true));
        var profile = await User(key).SetProfile(new UserProfile { Country = "DE" });

        Assert.Equal(new EventOutcome(0, 1, EventOutcome.NoConsent), outcome);
        Assert.True(profile.ConsentRequired);
        var row = await Stored(key);
        Assert.DoesNotContain("\"itemId\"", row, StringComparison.Ordinal);
        Assert.DoesNotContain("\"country\"", row, StringComparison.Ordinal);
        Assert.Empty(await User(key).GetModelContribution());
    }

    [Fact]
    public async Task P1_a_user_who_never_consented_has_no_row_at_all()
    {
        var key = NewUserKey();

        await User(key).RecordEvents([View("a", fixture.Clock.GetUtcNow())]);
        await User(key).GetConsent();
        await User(key).Recommend(5, null);

        Assert.DoesNotContain(fixture.Inspector.UserStateRows(), r => r.StartsWith(key, StringComparison.Ordinal));
    }

    [Fact]
    public async Task P2_withdrawing_personalization_deletes_behaviour_and_profile_at_once()
    {
        var key = NewUserKey();
        await User(key).SetConsent(Consent(personalization: true, modelTraining: true));
        await User(key).RecordEvents([View("w-1", fixture.Clock.GetUtcNow())]);
        await User(key).SetProfile(new UserProfile { Country = "FR" });

        await User(key).SetConsent(Consent(personalization: false));

        var export = await User(key).Export(ActorRoles.App);
        Assert.Empty(export.Events);
        Assert.Null(export.Profile);
        Assert.Empty(export.ModelContributions);
        var row = await Stored(key);
        Assert.DoesNotContain("w-1", row, StringComparison.Ordinal);
        Assert.False((await User(key).Recommend(5, null)).Personalized);
    }

    [Fact]
    public async Task P2_withdrawing_model_training_takes_the_contribution_out_of_the_model()
    {
        var key = NewUserKey();
        var item = "mt-" + Guid.NewGuid().ToString("N");
        await User(key).SetConsent(Consent(personalization: true, modelTraining: true));
        await User(key).RecordEvents([View(item, fixture.Clock.GetUtcNow())]);
        // The addition follows the acknowledged event in the background; the withdrawal does not.
        var model = Grains.GetGrain<IModelGrain>(IModelGrain.Key);
        Assert.Equal(1, (await Eventually.Until(model.GetSnapshot, m => m.ItemCounts.ContainsKey(item))).ItemCounts.GetValueOrDefault(item));

        await User(key).SetConsent(Consent(personalization: true, modelTraining: false));

        Assert.Equal(0, (await Grains.GetGrain<IModelGrain>(IModelGrain.Key).GetSnapshot()).ItemCounts.GetValueOrDefault(item));
        Assert.Single((await User(key).Export(ActorRoles.App)).Events);
    }

    [Fact]
    public async Task P3_the_behaviour_buffer_is_bounded()
    {
        var key = NewUserKey();
        await User(key).SetConsent(Consent(personalization: true));
        var now = fixture.Clock.GetUtcNow();

        await User(key).RecordEvents([.. Enumerable.Range(0, 230).Select(i => View($"b-{i}", now.AddSeconds(-i)))]);

        var events = (await User(key).Export(ActorRoles.App)).Events;
        Assert.Equal(200, events.Length);
        Assert.Equal("b-199", events[0].ItemId);
    }

    [Fact]
    public async Task P6_erasure_deletes_the_row_the_schedule_and_the_activation_and_the_key_starts_fresh()
    {
        var key = NewUserKey();
        var item = "er-" + Guid.NewGuid().ToString("N");
        await User(key).SetConsent(Consent(personalization: true, modelTraining: true));
        await User(key).RecordEvents([View(item, fixture.Clock.GetUtcNow())]);

        var receipt = await User(key).Erase(new ErasureCommand(ActorRoles.App, null));

        Assert.DoesNotContain(fixture.Inspector.AllCells(), c => c.Contains(key, StringComparison.Ordinal));
        Assert.False(fixture.Inspector.FilesContain(key));
        Assert.Equal(0, (await Grains.GetGrain<IModelGrain>(IModelGrain.Key).GetSnapshot()).ItemCounts.GetValueOrDefault(item));
        await AssertNotActive(key);

        var consent = await User(key).GetConsent();
        Assert.All(Purposes.All, p => Assert.False(consent.IsGranted(p.Id)));
        Assert.Empty(consent.History);
        var audit = await Grains.GetGrain<IOperationsGrain>(0).QueryAudit(new AuditQuery(null, null, AuditKinds.Erasure, AuditSubjects.ForReceipt(receipt.ReceiptId), 10));
        Assert.Contains(audit, a => a.Detail == $"receipt={receipt.ReceiptId}");
    }

    [Fact]
    public async Task P6_erasure_is_idempotent()
    {
        var key = NewUserKey();
        await User(key).SetConsent(Consent(personalization: true));

        var first = await User(key).Erase(new ErasureCommand(ActorRoles.App, null));
        var second = await User(key).Erase(new ErasureCommand(ActorRoles.App, null));

        Assert.NotEqual(first.ReceiptId, second.ReceiptId);
        var audit = Grains.GetGrain<IOperationsGrain>(0);
        Assert.Single(await audit.QueryAudit(new AuditQuery(null, null, AuditKinds.Erasure, AuditSubjects.ForReceipt(first.ReceiptId), 10)));
        Assert.Single(await audit.QueryAudit(new AuditQuery(null, null, AuditKinds.Erasure, AuditSubjects.ForReceipt(second.ReceiptId), 10)));
    }

    [Fact]
    public async Task P3_the_retention_sweep_removes_expired_behaviour_of_users_who_never_come_back()
    {
        var key = NewUserKey();
        await User(key).SetConsent(Consent(personalization: true));
        await User(key).RecordEvents([View("ret-old", fixture.Clock.GetUtcNow())]);
        fixture.Clock.Advance(TimeSpan.FromDays(20));
        await User(key).RecordEvents([View("ret-new", fixture.Clock.GetUtcNow())]);

        // The user leaves: no activation remains to do the work.
        await DeactivateAll();
        fixture.Clock.Advance(TimeSpan.FromDays(11));
        await fixture.SiloService<RetentionSweeper>().SweepOnceAsync();

        // Advancing the clock fires the sweepers' timers too: a call to the grain returns only after any visit in flight.
        await User(key).GetConsent();
        var row = await Stored(key);
        Assert.DoesNotContain("ret-old", row, StringComparison.Ordinal);
        Assert.Contains("ret-new", row, StringComparison.Ordinal);
        Assert.Equal(1, fixture.Inspector.RetentionEntries(key));

        await DeactivateAll();
        fixture.Clock.Advance(TimeSpan.FromDays(20));
        await fixture.SiloService<RetentionSweeper>(1).SweepOnceAsync();

        await User(key).GetConsent();
        row = await Stored(key);
        Assert.DoesNotContain("ret-new", row, StringComparison.Ordinal);
        Assert.Equal(0, fixture.Inspector.RetentionEntries(key));
    }

    [Fact]
    public async Task State_is_stored_sealed_with_the_users_own_key_and_without_clr_type_names()
    {
        var key = NewUserKey();
        await User(key).SetConsent(Consent(personalization: true));
        await User(key).RecordEvents([View("json-1", fixture.Clock.GetUtcNow())]);

        var row = fixture.Inspector.UserRow(key)!;
        var json = System.Text.Json.JsonDocument.Parse(row[(key.Length + 1)..]).RootElement;

        Assert.Equal(System.Text.Json.JsonValueKind.String, json.GetProperty("payload").ValueKind);
        Assert.DoesNotContain("json-1", row, StringComparison.Ordinal);
        Assert.DoesNotContain("personalization", row, StringComparison.Ordinal);
        Assert.DoesNotContain("$type", row, StringComparison.Ordinal);
        Assert.DoesNotContain("OrleansPersonalization", row, StringComparison.Ordinal);
        Assert.Contains("json-1", await Stored(key), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Calls_from_both_silos_see_one_consistent_user()
    {
        var key = NewUserKey();
        await User(key).SetConsent(Consent(personalization: true));
        var now = fixture.Clock.GetUtcNow();

        await Task.WhenAll(Enumerable.Range(0, 50).Select(i => User(key).RecordEvents([View($"c-{i}", now.AddMilliseconds(-i))])));

        Assert.Equal(50, (await User(key).Export(ActorRoles.App)).Events.Length);
    }

    private async Task AssertNotActive(string key)
    {
        var grainId = GrainId.Create(GrainTypes.User, key);
        var management = Grains.GetGrain<IManagementGrain>(0);
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var stats = await management.GetDetailedGrainStatistics();
            if (!stats.Any(s => s.GrainId == grainId))
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail("The erased user's activation is still alive.");
    }

    private Task DeactivateAll() =>
        Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
}

public sealed class UserGrainTestsOnSqlite(SqliteClusterFixture fixture) : UserGrainTests<SqliteClusterFixture>(fixture);

public sealed class UserGrainTestsOnPostgres(PostgresClusterFixture fixture) : UserGrainTests<PostgresClusterFixture>(fixture);
