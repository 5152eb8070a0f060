using Microsoft.Extensions.DependencyInjection;
using OrleansPersonalization.Domain.Pseudonymization;
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

    protected string? UserRow(string userId) => Store.UserRow(KeyOf(userId));

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
