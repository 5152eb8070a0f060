using System.Net;
using Microsoft.Playwright;
using OrleansPersonalization.Api.AdminConsole;
using OrleansPersonalization.Silo.Storage;
using OrleansPersonalization.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace OrleansPersonalization.Tests.Browser;

/// <summary>
/// The admin console as a data-protection officer uses it, in headless Chromium against the API as a
/// real process: sign in with the admin key, erase users from a pasted list and download the
/// receipts, find a user's audit entries by their id, verify the chain, rebuild the model, re-wrap the
/// keys, open the Orleans dashboard behind the same session, sign out.
/// </summary>
[Collection(HeadlessChromium.Collection)]
public sealed class AdminConsoleBrowserTests(HeadlessChromium chromium)
{
    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task An_admin_signs_in_erases_users_searches_the_audit_by_user_id_and_runs_the_long_operations(StoreKind kind)
    {
        using var store = new TestStore(kind);
        using var api = await ApiProcess.StartAsync(store);
        using var app = api.Client(ApiFactory.AppKey);
        string[] leaving = ["leaving.one@example.com", "leaving.two@example.com", "leaving.by.csv@example.com", "leaving, \"quoted\"@example.com"];
        const string staying = "staying.person@example.com";
        foreach (var user in leaving.Append(staying))
        {
            await app.Grant(user, modelTraining: true).ExpectJson(HttpStatusCode.OK);
        }

        var page = await chromium.NewPageAsync();
        await page.GotoAsync(new Uri(api.BaseAddress, "/admin").ToString());
        await Expect(page.Locator("#sign-in-view")).ToBeVisibleAsync();
        await HeadlessChromium.ScreenshotAsync(page, $"admin-sign-in-{kind}");

        // A wrong key is refused and opens nothing.
        await page.Locator("#admin-key").FillAsync(ApiFactory.AppKey);
        await page.Locator("#sign-in-form button[type=submit]").ClickAsync();
        await Expect(page.Locator("#sign-in-error")).ToContainTextAsync("admin key");
        await Expect(page.Locator("#console-view")).ToBeHiddenAsync();

        await page.Locator("#admin-key").FillAsync(ApiFactory.AdminKey);
        await page.Locator("#sign-in-form button[type=submit]").ClickAsync();
        await Expect(page.Locator("#console-view")).ToBeVisibleAsync();
        await Expect(page.Locator("#session-name")).ToContainTextAsync("admin");
        var session = Assert.Single(await page.Context.CookiesAsync(), c => c.Name == AdminSession.CookieName);
        Assert.True(session.HttpOnly);
        Assert.True(session.Secure);
        Assert.Equal(SameSiteAttribute.Strict, session.SameSite);
        Assert.Equal(ConsolePaths.Root, session.Path);
        Assert.DoesNotContain(ApiFactory.AdminKey, session.Value, StringComparison.Ordinal);
        await Expect(page.Locator("#model-status")).ToContainTextAsync("contributors");

        // An erasure job from pasted ids and an uploaded CSV, followed to the end, with its receipts as CSV.
        await page.Locator("#erasure-ids").FillAsync(string.Join('\n', leaving.Take(2)));
        await page.Locator("#erasure-file").SetInputFilesAsync(new Microsoft.Playwright.FilePayload
        {
            Name = "requests.csv",
            MimeType = "text/csv",
            Buffer = System.Text.Encoding.UTF8.GetBytes("userId,ticket\r\n" + leaving[2] + ",DSR-1\r\n\"leaving, \"\"quoted\"\"@example.com\",DSR-2\r\n"),
        });
        await page.Locator("#erasure-reason").FillAsync("DSR-2026-0042");
        await page.Locator("#erasure-form button[type=submit]").ClickAsync();
        await Expect(page.Locator("#erasure-state")).ToHaveTextAsync("completed");
        await Expect(page.Locator("#erasure-counts")).ToContainTextAsync("4 erased, 0 failed");
        await HeadlessChromium.ScreenshotAsync(page, $"admin-erasure-completed-{kind}");
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#erasure-receipts").ClickAsync());
        var receipts = (await File.ReadAllLinesAsync((await download.PathAsync())!)).Where(l => l.Length > 0).ToArray();
        Assert.Equal("index,status,receiptId,erasedAt", receipts[0]);
        Assert.Equal(["0,erased", "1,erased", "2,erased", "3,erased"], receipts.Skip(1).Select(r => string.Join(',', r.Split(',').Take(2))));
        Assert.All(receipts.Skip(1), r => Assert.Matches("^[0-9],erased,[0-9a-f]{32},20[0-9-]{8}T", r));
        Assert.DoesNotContain(leaving, id => receipts.Any(r => r.Contains(id, StringComparison.Ordinal)));
        foreach (var user in leaving)
        {
            var consent = await app.GetAsync(Http.User(user) + "/consent").ExpectJson(HttpStatusCode.OK);
            Assert.False(consent["purposes"]!["personalization"]!["granted"]!.GetValue<bool>());
        }

        // The audit searched by the client's user id: the staying user's consent, and this search itself.
        await page.Locator("#audit-user").FillAsync(staying);
        await page.Locator("#audit-form button[type=submit]").ClickAsync();
        await Expect(page.Locator("#audit-results tbody")).ToContainTextAsync("consent-change");
        await Expect(page.Locator("#audit-results tbody")).ToContainTextAsync("audit-search");
        await Expect(page.Locator("#audit-results tbody")).Not.ToContainTextAsync(staying);
        await HeadlessChromium.ScreenshotAsync(page, $"admin-audit-search-{kind}");

        // Someone the store knows nothing about has no entries.
        await page.Locator("#audit-user").FillAsync("never.seen@example.com");
        await page.Locator("#audit-form button[type=submit]").ClickAsync();
        await Expect(page.Locator("#audit-summary")).ToHaveTextAsync("Entries about this user: 0 entries");

        // The long operations, each a job followed to its end.
        await page.Locator("#verify-start").ClickAsync();
        await Expect(page.Locator("#verify-result")).ToContainTextAsync("Intact");
        await page.Locator("#rebuild-start").ClickAsync();
        await Expect(page.Locator("#rebuild-result")).ToContainTextAsync("Rebuilt: model version");
        await page.Locator("#rewrap-start").ClickAsync();
        await Expect(page.Locator("#rewrap-result")).ToContainTextAsync("Re-wrapped");
        await HeadlessChromium.ScreenshotAsync(page, $"admin-jobs-{kind}");

        // The Orleans dashboard, behind the same session.
        var dashboard = await page.GotoAsync(new Uri(api.BaseAddress, ConsolePaths.Dashboard + "/").ToString());
        Assert.Equal((int)HttpStatusCode.OK, dashboard!.Status);
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await HeadlessChromium.ScreenshotAsync(page, $"admin-dashboard-{kind}");

        // Signed out, the session opens nothing: the dashboard sends the browser to sign in.
        await page.GotoAsync(new Uri(api.BaseAddress, "/admin/").ToString());
        await page.Locator("#sign-out").ClickAsync();
        await Expect(page.Locator("#sign-in-view")).ToBeVisibleAsync();
        await page.GotoAsync(new Uri(api.BaseAddress, ConsolePaths.Dashboard + "/").ToString());
        await Expect(page.Locator("#sign-in-view")).ToBeVisibleAsync();
    }
}
