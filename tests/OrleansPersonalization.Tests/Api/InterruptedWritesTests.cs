using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OrleansPersonalization.Domain.Audit;
using OrleansPersonalization.Domain.Pseudonymization;
using OrleansPersonalization.Grains;
using OrleansPersonalization.Silo.Storage;
using OrleansPersonalization.Silo.Storage.Sqlite;
using OrleansPersonalization.Storage;
using OrleansPersonalization.Tests.Support;

namespace OrleansPersonalization.Tests.Api;

/// <summary>
/// The store as a crash or an older version leaves it, written into it directly: a key rotation
/// stopped between its steps, and a row from before audit subjects. The next activation settles
/// each without losing the user's data or handing anyone another person's history.
/// </summary>
public sealed class InterruptedWritesTests
{
    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task A_rotation_that_stopped_after_the_state_was_written_is_finished_by_the_next_activation(StoreKind kind)
    {
        using var store = new TestStore(kind);
        const string user = "crash-mid-rotation@example.com";
        string key;
        await using (var before = new ApiFactory(store))
        {
            await before.App().Grant(user).ExpectJson(HttpStatusCode.OK);
            key = before.Services.GetRequiredService<UserPseudonymizer>().KeyFor(user);

            // The rotation's first two steps, then the crash: the next key is pending, the state sealed with it.
            var state = (await before.Services.GetRequiredService<UserDirectory>().FindAsync(key))!;
            var next = await before.Services.GetRequiredService<UserDataKeys>().BeginRotationAsync(key);
            var sealedState = before.Services.GetRequiredService<UserStateProtector>().Seal(state, next, key);
            store.Inspector.ReplaceUserPayload(key, JsonSerializer.Serialize(sealedState, GrainStateJson.Options));
        }

        await using var after = new ApiFactory(store);
        var consent = await after.App().GetAsync(Http.User(user) + "/consent").ExpectJson(HttpStatusCode.OK);

        Assert.True(consent["purposes"]!["personalization"]!["granted"]!.GetValue<bool>());
        var keys = after.Services.GetRequiredService<UserDataKeys>();
        Assert.Null(await keys.FindPendingAsync(key));
        Assert.NotNull(await keys.FindAsync(key));
        await after.App().Grant(user, personalization: false).ExpectJson(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task A_rotation_that_stopped_before_the_state_was_written_is_abandoned_and_the_next_one_works(StoreKind kind)
    {
        using var store = new TestStore(kind);
        const string user = "crash-before-write@example.com";
        string key;
        await using (var before = new ApiFactory(store))
        {
            await before.App().Grant(user).ExpectJson(HttpStatusCode.OK);
            key = before.Services.GetRequiredService<UserPseudonymizer>().KeyFor(user);
            await before.Services.GetRequiredService<UserDataKeys>().BeginRotationAsync(key);
        }

        await using var after = new ApiFactory(store);
        await after.App().GetAsync(Http.User(user) + "/consent").ExpectJson(HttpStatusCode.OK);
        Assert.Null(await after.Services.GetRequiredService<UserDataKeys>().FindPendingAsync(key));

        // A withdrawal re-keys again: the abandoned key does not block it.
        await after.App().Grant(user, personalization: false).ExpectJson(HttpStatusCode.OK);
        var consent = await after.App().GetAsync(Http.User(user) + "/consent").ExpectJson(HttpStatusCode.OK);
        Assert.False(consent["purposes"]!["personalization"]!["granted"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task Entries_from_before_audit_subjects_belong_to_their_user_and_never_to_someone_recreated_under_the_same_id(StoreKind kind)
    {
        using var store = new TestStore(kind);
        const string user = "from-version-1@example.com";
        string key;
        await using (var before = new ApiFactory(store))
        {
            await before.App().Grant(user).ExpectJson(HttpStatusCode.OK);
            key = before.Services.GetRequiredService<UserPseudonymizer>().KeyFor(user);

            // What version 1 wrote: a state without an audit subject, and entries under the key's digest.
            var state = (await before.Services.GetRequiredService<UserDirectory>().FindAsync(key))! with { AuditSubject = null };
            var dataKey = (await before.Services.GetRequiredService<UserDataKeys>().FindAsync(key))!;
            var sealedState = before.Services.GetRequiredService<UserStateProtector>().Seal(state, dataKey, key);
            store.Inspector.ReplaceUserPayload(key, JsonSerializer.Serialize(sealedState, GrainStateJson.Options));
            await before.Services.GetRequiredService<IAuditTrail>().AppendAsync(AuditKinds.ConsentChange, ActorRoles.App, UserKeys.Digest(key), "personalization=granted policy=2025-01 source=api");
        }

        await using var after = new ApiFactory(store);
        var app = after.App();
        var own = await app.GetAsync(Http.User(user) + "/data").ExpectJson(HttpStatusCode.OK);
        Assert.Contains(own["auditTrail"]!.AsArray(), e => e!["detail"]?.GetValue<string>() == "personalization=granted policy=2025-01 source=api");

        await app.DeleteAsync(Http.User(user)).ExpectJson(HttpStatusCode.OK);
        await app.Grant(user).ExpectJson(HttpStatusCode.OK);

        var recreated = await app.GetAsync(Http.User(user) + "/data").ExpectJson(HttpStatusCode.OK);
        Assert.DoesNotContain(recreated["auditTrail"]!.AsArray(), e => e!["detail"]?.GetValue<string>()?.Contains("2025-01", StringComparison.Ordinal) == true);
        Assert.Single(recreated["auditTrail"]!.AsArray(), e => e!["kind"]!.GetValue<string>() == AuditKinds.ConsentChange);
    }
}
