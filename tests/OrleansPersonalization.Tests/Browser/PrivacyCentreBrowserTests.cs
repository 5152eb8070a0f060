using System.Net;
using System.Text.Json.Nodes;
using OrleansPersonalization.Silo.Storage;
using OrleansPersonalization.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace OrleansPersonalization.Tests.Browser;

/// <summary>
/// The privacy centre as an end user meets it, in headless Chromium: opened from the application
/// with a token scoped to them, they allow personalization, choose a level, download their data and
/// erase themselves; the API, asked with the application's key, sees each change.
/// </summary>
[Collection(HeadlessChromium.Collection)]
public sealed class PrivacyCentreBrowserTests(HeadlessChromium chromium)
{
    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task A_user_allows_personalization_sets_the_level_downloads_their_data_and_erases_themself(StoreKind kind)
    {
        using var store = new TestStore(kind);
        using var api = await ApiProcess.StartAsync(store);
        using var app = api.Client(ApiFactory.AppKey);
        const string user = "privacy.centre+user@example.com";

        // The application's backend asks for a token for its signed-in user and links to the centre.
        var token = (await app.PostAsync(Http.User(user) + "/token", null).ExpectJson(HttpStatusCode.OK))["token"]!.GetValue<string>();
        var page = await chromium.NewPageAsync();
        await page.GotoAsync(new Uri(api.BaseAddress, $"/privacy/#token={Uri.EscapeDataString(token)}&user={Uri.EscapeDataString(user)}").ToString());

        var personalization = page.Locator("[data-purpose=personalization]");
        await Expect(personalization).Not.ToBeCheckedAsync();
        await Expect(page.Locator("[data-purpose=modelTraining]")).Not.ToBeCheckedAsync();
        Assert.DoesNotContain("token", page.Url, StringComparison.Ordinal);
        await HeadlessChromium.ScreenshotAsync(page, $"privacy-centre-{kind}");

        await personalization.CheckAsync();
        await Expect(page.Locator("[data-testid=pc-status]")).ToHaveTextAsync("personalization: allowed.");
        var consent = await app.GetAsync(Http.User(user) + "/consent").ExpectJson(HttpStatusCode.OK);
        Assert.True(consent["purposes"]!["personalization"]!["granted"]!.GetValue<bool>());
        Assert.Equal("privacy-centre", consent["purposes"]!["personalization"]!["source"]!.GetValue<string>());
        Assert.False(consent["purposes"]!["modelTraining"]!["granted"]!.GetValue<bool>());

        await page.Locator("#pc-level").SelectOptionAsync("basic");
        await Expect(page.Locator("[data-testid=pc-status]")).ToHaveTextAsync("Personalization level: basic.");
        var profile = await app.GetAsync(Http.User(user) + "/profile").ExpectJson(HttpStatusCode.OK);
        Assert.Equal("basic", profile["personalizationLevel"]!.GetValue<string>());
        await HeadlessChromium.ScreenshotAsync(page, $"privacy-centre-consented-{kind}");

        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#pc-download").ClickAsync());
        Assert.Equal("my-data.json", download.SuggestedFilename);
        var export = JsonNode.Parse(await File.ReadAllTextAsync((await download.PathAsync())!))!;
        Assert.True(export["consent"]!["purposes"]!["personalization"]!["granted"]!.GetValue<bool>());
        Assert.Equal("basic", export["profile"]!["personalizationLevel"]!.GetValue<string>());
        Assert.DoesNotContain(user, export.ToJsonString(), StringComparison.Ordinal);

        // Withdrawal from the centre takes effect at once (P2).
        await personalization.UncheckAsync();
        await Expect(page.Locator("[data-testid=pc-status]")).ToHaveTextAsync("personalization: withdrawn.");
        consent = await app.GetAsync(Http.User(user) + "/consent").ExpectJson(HttpStatusCode.OK);
        Assert.False(consent["purposes"]!["personalization"]!["granted"]!.GetValue<bool>());

        await page.Locator("#pc-erase").ClickAsync();
        await page.Locator("#pc-erase-confirm").ClickAsync();
        await Expect(page.Locator("#pc-receipt")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^[0-9a-f]{32}$"));
        await HeadlessChromium.ScreenshotAsync(page, $"privacy-centre-erased-{kind}");
        var data = await app.GetAsync(Http.User(user) + "/data").ExpectJson(HttpStatusCode.OK);
        Assert.Empty(data["consent"]!["history"]!.AsArray());
    }
}
