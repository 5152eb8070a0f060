using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using OrleansPersonalization.Api.AdminConsole;
using OrleansPersonalization.Tests.Support;

namespace OrleansPersonalization.Tests.Api;

/// <summary>
/// The console's session at the HTTP level: an admin key opens it, nothing else does; the cookie is
/// HTTP-only, Secure, SameSite=Strict and scoped to /admin; a change without the console's header is
/// refused (CSRF); the console's routes take no API key and the API's routes take no cookie.
/// </summary>
public abstract class AdminConsoleApiTests<TFixture>(TFixture fixture) : ApiTestBase<TFixture>(fixture)
    where TFixture : ApiFixture
{
    [Fact]
    public async Task An_admin_key_opens_a_session_whose_cookie_is_http_only_secure_strict_and_scoped_to_the_console()
    {
        using var browser = Browser();
        using var signIn = await SignIn(browser, ApiFactory.AdminKey);

        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        var cookie = Assert.Single(signIn.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith(AdminSession.CookieName + "=", cookie, StringComparison.Ordinal);
        Assert.Contains("path=/admin", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(ApiFactory.AdminKey, cookie, StringComparison.Ordinal);

        var session = await browser.GetAsync("/admin/session").ExpectJson(HttpStatusCode.OK);
        Assert.Equal("admin", session["role"]!.GetValue<string>());
        await browser.GetAsync("/admin/api/model").ExpectJson(HttpStatusCode.OK);
        using var dashboard = await browser.GetAsync("/admin/dashboard/");
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);

        // Signed out, the same cookie jar opens nothing.
        using var signOut = await Console(browser, HttpMethod.Delete, "/admin/session");
        Assert.Equal(HttpStatusCode.NoContent, signOut.StatusCode);
        await browser.GetAsync("/admin/api/model").ExpectProblem(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_signed_out_session_is_gone_on_the_server_so_a_copied_cookie_opens_nothing()
    {
        using var browser = Browser();
        using var signIn = await SignIn(browser, ApiFactory.AdminKey);
        var cookie = signIn.Headers.GetValues("Set-Cookie").Single().Split(';')[0];
        using var copy = Factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost") });
        copy.DefaultRequestHeaders.Add("Cookie", cookie);
        await copy.GetAsync("/admin/api/model").ExpectJson(HttpStatusCode.OK);

        using var signOut = await Console(browser, HttpMethod.Delete, "/admin/session");

        await copy.GetAsync("/admin/api/model").ExpectProblem(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_second_sign_in_in_a_live_session_is_refused_rather_than_continuing_it()
    {
        using var browser = Browser();
        using var first = await SignIn(browser, ApiFactory.AdminKey);

        using var second = await SignIn(browser, ApiFactory.AdminKey);

        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.False(second.Headers.Contains("Set-Cookie"));
    }

    [Theory]
    [InlineData(ApiFactory.AppKey, HttpStatusCode.Forbidden)]
    [InlineData("not-a-key", HttpStatusCode.Unauthorized)]
    [InlineData("", HttpStatusCode.Unauthorized)]
    public async Task Only_an_admin_key_opens_a_session(string key, HttpStatusCode expected)
    {
        using var browser = Browser();
        using var signIn = await SignIn(browser, key);

        Assert.Equal(expected, signIn.StatusCode);
        Assert.False(signIn.Headers.Contains("Set-Cookie"));
        await browser.GetAsync("/admin/api/model").ExpectProblem(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_change_without_the_console_header_is_refused_and_changes_nothing()
    {
        using var browser = Browser();
        using var _ = await SignIn(browser, ApiFactory.AdminKey);
        var user = NewUserId();
        await App.Grant(user);

        // What a forged cross-site form post would look like: the cookie, but not the header.
        using var forged = await browser.PostAsync("/admin/api/erasures", Http.Json(new { userIds = new[] { user } }));
        using var forgedSignIn = await browser.PostAsync("/admin/session", Http.Json(new { key = ApiFactory.AdminKey }));

        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.Equal("application/problem+json", forged.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Forbidden, forgedSignIn.StatusCode);
        Assert.NotNull(UserRow(user));
    }

    [Fact]
    public async Task The_console_takes_no_api_key_and_the_api_takes_no_session_cookie()
    {
        using var browser = Browser();
        using var signIn = await SignIn(browser, ApiFactory.AdminKey);
        var cookie = signIn.Headers.GetValues("Set-Cookie").Single().Split(';')[0];

        using var keyed = Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        keyed.DefaultRequestHeaders.Add("X-Api-Key", ApiFactory.AdminKey);
        await keyed.GetAsync("/admin/api/model").ExpectProblem(HttpStatusCode.Unauthorized);
        using var dashboard = await keyed.GetAsync("/admin/dashboard/");
        Assert.Equal(HttpStatusCode.Redirect, dashboard.StatusCode);

        using var apiWithCookie = Factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost") });
        apiWithCookie.DefaultRequestHeaders.Add("Cookie", cookie);
        await apiWithCookie.GetAsync("/v1/admin/model").ExpectProblem(HttpStatusCode.Unauthorized);
        await apiWithCookie.GetAsync("/dashboard").ExpectProblem(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_tampered_or_foreign_cookie_opens_nothing()
    {
        using var browser = Browser();
        using var signIn = await SignIn(browser, ApiFactory.AdminKey);
        var cookie = signIn.Headers.GetValues("Set-Cookie").Single().Split(';')[0];
        var tampered = cookie[..^4] + (cookie[^4] == 'A' ? "B" : "A") + cookie[^3..];

        foreach (var value in new[] { tampered, AdminSession.CookieName + "=forged", AdminSession.CookieName + "=" })
        {
            using var client = Factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost") });
            client.DefaultRequestHeaders.Add("Cookie", value);
            await client.GetAsync("/admin/api/model").ExpectProblem(HttpStatusCode.Unauthorized);
        }
    }

    [Fact]
    public async Task The_pages_are_served_with_a_strict_content_security_policy()
    {
        foreach (var path in new[] { "/admin/", "/admin/console.js", "/privacy/", "/privacy/embed.js" })
        {
            using var page = await Factory.Anonymous().GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Equal(WebPages.ContentSecurityPolicy, page.Headers.GetValues("Content-Security-Policy").Single());
            Assert.Equal("nosniff", page.Headers.GetValues("X-Content-Type-Options").Single());
        }
    }

    private HttpClient Browser() =>
        Factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), HandleCookies = true, AllowAutoRedirect = false });

    private static Task<HttpResponseMessage> SignIn(HttpClient browser, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/admin/session") { Content = Http.Json(new { key }) };
        request.Headers.Add(ConsoleRequestHeader.Name, "1");
        return browser.SendAsync(request);
    }

    private static Task<HttpResponseMessage> Console(HttpClient browser, HttpMethod method, string path, object? body = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = body is null ? null : Http.Json(body) };
        request.Headers.Add(ConsoleRequestHeader.Name, "1");
        return browser.SendAsync(request);
    }
}

public sealed class AdminConsoleApiTestsOnSqlite(SqliteApiFixture fixture) : AdminConsoleApiTests<SqliteApiFixture>(fixture);

public sealed class AdminConsoleApiTestsOnPostgres(PostgresApiFixture fixture) : AdminConsoleApiTests<PostgresApiFixture>(fixture);
