using System.Net;
using OrleansPersonalization.Api.Security;
using OrleansPersonalization.Silo.Storage;
using OrleansPersonalization.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace OrleansPersonalization.Tests.Browser;

/// <summary>
/// The privacy centre embedded in an application's own page on another origin: it works from an
/// origin the operator allowed (CORS), and a page on any other origin gets nothing, even holding a
/// valid token.
/// </summary>
[Collection(HeadlessChromium.Collection)]
public sealed class PrivacyCentreEmbedBrowserTests(HeadlessChromium chromium)
{
    [Fact]
    public async Task The_widget_works_on_an_allowed_origin_and_reads_nothing_on_another()
    {
        using var store = new TestStore(StoreKind.Sqlite);
        const string user = "embedded.user@example.com";
        string? token = null;
        string Page(Uri api) => $$"""
            <!doctype html><html><head><meta charset="utf-8"><title>Shop</title></head><body>
            <h1>Shop settings</h1><div id="privacy"></div>
            <script src="{{api}}privacy/embed.js"></script>
            <script>PersonalizationPrivacyCentre.mount(document.getElementById('privacy'), { api: '{{api}}', token: '{{token}}', userId: '{{user}}' });</script>
            </body></html>
            """;

        // The shop's origin is known before the API starts, so it can be allowed; the page is set once the token exists.
        using var shop = new DeferredPage("127.0.0.2");
        using var elsewhere = new DeferredPage("127.0.0.3");
        var settings = store.Settings().ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value ?? "");
        settings[CorsSetup.OriginsSetting.Replace(":", "__", StringComparison.Ordinal) + "__0"] = shop.Origin;
        using var api = await ApiProcess.StartAsync(settings);
        using var app = api.Client(ApiFactory.AppKey);
        token = (await app.PostAsync(Http.User(user) + "/token", null).ExpectJson(HttpStatusCode.OK))["token"]!.GetValue<string>();
        shop.Html = Page(api.BaseAddress);
        elsewhere.Html = Page(api.BaseAddress);

        var page = await chromium.NewPageAsync();
        await page.GotoAsync(shop.Origin + "/");
        var personalization = page.Locator("[data-purpose=personalization]");
        await Expect(personalization).Not.ToBeCheckedAsync();
        await personalization.CheckAsync();
        await Expect(page.Locator("[data-testid=pc-status]")).ToHaveTextAsync("personalization: allowed.");
        await HeadlessChromium.ScreenshotAsync(page, "privacy-centre-embedded");
        var consent = await app.GetAsync(Http.User(user) + "/consent").ExpectJson(HttpStatusCode.OK);
        Assert.True(consent["purposes"]!["personalization"]!["granted"]!.GetValue<bool>());

        var foreign = await chromium.NewPageAsync();
        await foreign.GotoAsync(elsewhere.Origin + "/");
        await Expect(foreign.Locator("[data-testid=pc-status]")).ToHaveClassAsync("pc-error");
        await Expect(foreign.Locator("[data-purpose]")).ToHaveCountAsync(0);

        // Even holding the token, a script on the other origin reads nothing of the user's; on the shop's it does.
        const string ReadConsent = """
            async ([api, token, user]) => {
              try {
                const response = await fetch(api + 'v1/users/' + encodeURIComponent(user) + '/consent', { headers: { Authorization: 'Bearer ' + token } });
                return 'read ' + response.status;
              } catch {
                return 'blocked';
              }
            }
            """;
        object[] arguments = [api.BaseAddress.ToString(), token, user];
        Assert.Equal("blocked", await foreign.EvaluateAsync<string>(ReadConsent, arguments));
        Assert.Equal("read 200", await page.EvaluateAsync<string>(ReadConsent, arguments));
    }

    /// <summary>A page whose HTML is known only after the server has an origin.</summary>
    private sealed class DeferredPage : IDisposable
    {
        private readonly StaticPageServer _server;
        private string _html = "";

        public DeferredPage(string host) => _server = new StaticPageServer(host, () => _html);

        public string Origin => _server.Origin;

        public string Html { set => _html = value; }

        public void Dispose() => _server.Dispose();
    }
}
