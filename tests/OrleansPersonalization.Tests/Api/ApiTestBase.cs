using Microsoft.Extensions.DependencyInjection;
using OrleansPersonalization.Contracts;
using OrleansPersonalization.Domain.Pseudonymization;
using OrleansPersonalization.Grains;
using OrleansPersonalization.Tests.Support;

namespace OrleansPersonalization.Tests.Api;

/// <summary>Shared access to one in-process API per test class.</summary>
public abstract class ApiTestBase<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : ApiFixture
{
    protected ApiFactory Factory => fixture.Factory;
    protected HttpClient App { get; } = fixture.Factory.App();
    protected HttpClient Admin { get; } = fixture.Factory.Admin();

    protected static string NewUserId() => $"user-{Guid.NewGuid():N}@example.com";

    protected string KeyOf(string userId) => Factory.Services.GetRequiredService<UserPseudonymizer>().KeyFor(userId);

    protected StoreInspector Store => Factory.Inspector;

    /// <summary>
    /// Makes the silo serve the model as it is now, instead of waiting for its cache's next look,
    /// with the dense model re-solved over every contribution made so far.
    /// </summary>
    protected Task ModelServed() => ServedModel.SettledOn(Factory.Services);

    /// <summary>A consenting user who interacted with these items, so the model learns that they go together.</summary>
    protected async Task Cooccur(params string[] items)
    {
        var user = NewUserId();
        await Http.ExpectJson(App.Grant(user, personalization: true, modelTraining: true), System.Net.HttpStatusCode.OK);
        foreach (var item in items)
        {
            await Http.ExpectJson(App.PostJson(Http.User(user) + "/events", new { itemId = item, type = "view" }), System.Net.HttpStatusCode.Accepted);
        }
    }

    protected string? UserRow(string userId) => Store.UserRow(KeyOf(userId));

    /// <summary>The user's stored state, decrypted as the system reads it (JSON), or null.</summary>
    protected Task<string?> StoredState(string userId) => StoredStates.ReadAsync(Factory.Services, KeyOf(userId));

    /// <summary>Puts items into the catalog under fresh categories so tests don't see each other's items.</summary>
    protected async Task<string> NewCategory(int items)
    {
        var category = "c" + Guid.NewGuid().ToString("N")[..12];
        for (var i = 1; i <= items; i++)
        {
            await Http.ExpectJson(Admin.PutJson($"/v1/items/{category}-{i}", new { category, tags = new[] { "t" }, available = true }), System.Net.HttpStatusCode.OK);
        }

        return category;
    }
}
