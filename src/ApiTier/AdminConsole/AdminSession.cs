using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using OrleansPersonalization.Api.Http;
using OrleansPersonalization.Api.Security;

namespace OrleansPersonalization.Api.AdminConsole;

/// <summary>
/// The console's sign-in: an admin key, presented once, exchanged for a session cookie. The cookie is
/// HTTP-only (no script reads it), Secure, SameSite=Strict (no other site's page can make the browser
/// send it) and scoped to <see cref="ConsolePaths.Root"/>; it holds only a random session id, the
/// session itself (the key's name and role, never the key) stays in <see cref="ConsoleSessionStore"/>.
/// A session ends after <see cref="IdleTimeout"/> without use, <see cref="MaxLifetime"/> after sign-in
/// whatever its use, at sign-out, and when the process restarts.
/// </summary>
public static class AdminSession
{
    public const string Scheme = "AdminSession";
    public const string CookieName = "op-admin-session";
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromMinutes(30);
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromHours(8);
    private const string SignedInItem = "op:signed-in";

    public static AuthenticationBuilder AddAdminSession(this AuthenticationBuilder authentication)
    {
        ArgumentNullException.ThrowIfNull(authentication);

        // Sessions do not outlive the process, so neither need the keys that seal their ids: nothing
        // on disk can mint a session.
        authentication.Services.AddDataProtection().UseEphemeralDataProtectionProvider();
        authentication.Services.AddSingleton<ConsoleSessionStore>();
        authentication.Services.AddSingleton<Microsoft.Extensions.Options.IPostConfigureOptions<CookieAuthenticationOptions>, ConsoleSessionStoreSetup>();

        return authentication.AddCookie(Scheme, cookie =>
        {
            cookie.Cookie.Name = CookieName;
            cookie.Cookie.Path = ConsolePaths.Root;
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SecurePolicy = CookieSecurePolicy.Always;
            cookie.Cookie.SameSite = SameSiteMode.Strict;
            cookie.ExpireTimeSpan = IdleTimeout;
            cookie.SlidingExpiration = true;
            cookie.Events = new CookieAuthenticationEvents
            {
                // However busy, a session ends MaxLifetime after sign-in: sign in again with the key.
                OnValidatePrincipal = async context =>
                {
                    // Not IssuedUtc: sliding expiration moves that at every renewal.
                    if (!context.Properties.Items.TryGetValue(SignedInItem, out var text)
                        || !DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.RoundtripKind, out var signedIn)
                        || DateTimeOffset.UtcNow - signedIn > MaxLifetime)
                    {
                        context.RejectPrincipal();
                        await context.HttpContext.SignOutAsync(Scheme);
                    }
                },
                // The console's API answers problems; a page (the dashboard) sends the browser to sign in.
                OnRedirectToLogin = context => IsConsoleApi(context.Request)
                    ? Problems.SignInRequired().ExecuteAsync(context.HttpContext)
                    : Redirect(context.Response, ConsolePaths.Root + "/"),
                OnRedirectToAccessDenied = context => IsConsoleApi(context.Request)
                    ? Problems.Forbidden().ExecuteAsync(context.HttpContext)
                    : Redirect(context.Response, ConsolePaths.Root + "/"),
            };
        });
    }

    /// <summary>Signs in with an admin key: the session carries the key's name (for rate limiting and the audit's actor) and the admin role.</summary>
    public static Task SignInAsync(HttpContext http, ApiKeyEntry key)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(key);
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, key.Name), new Claim(ClaimTypes.Role, key.Role)], Scheme);
        var properties = new AuthenticationProperties { IsPersistent = false };
        properties.Items[SignedInItem] = DateTimeOffset.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        return http.SignInAsync(Scheme, new ClaimsPrincipal(identity), properties);
    }

    private static bool IsConsoleApi(HttpRequest request) =>
        request.Path.StartsWithSegments(ConsolePaths.Api) || request.Path.StartsWithSegments(ConsolePaths.Session);

    private static Task Redirect(HttpResponse response, string location)
    {
        response.Redirect(location);
        return Task.CompletedTask;
    }
}
