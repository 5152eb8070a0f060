using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using OrleansPersonalization.Api.Hosting;
using OrleansPersonalization.Api.Http;
using OrleansPersonalization.Api.Security;

namespace OrleansPersonalization.Api.AdminConsole;

/// <summary>
/// The console's sign-in: an admin key, presented once, exchanged for a session cookie. The cookie is
/// HTTP-only (no script reads it), Secure, SameSite=Strict (no other site's page can make the browser
/// send it) and scoped to <see cref="ConsolePaths.Root"/>; it holds the key's name and role, never the
/// key. It expires after <see cref="IdleTimeout"/> without use.
/// </summary>
public static class AdminSession
{
    public const string Scheme = "AdminSession";
    public const string CookieName = "op-admin-session";
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromMinutes(30);

    /// <summary>The folder, beside the API's other secrets, where the keys that protect session cookies live.</summary>
    public const string KeyFolderName = "data-protection";

    public static AuthenticationBuilder AddAdminSession(this AuthenticationBuilder authentication)
    {
        ArgumentNullException.ThrowIfNull(authentication);

        // Session cookies must outlive a restart, so the keys that protect them are kept with the API's secrets.
        authentication.Services.AddDataProtection().SetApplicationName("orleans-personalization");
        authentication.Services.AddOptions<KeyManagementOptions>().Configure<IConfiguration, ILoggerFactory>((options, configuration, loggers) =>
        {
            var folder = Path.Combine(Path.GetDirectoryName(DataDirectory.KeyFile(configuration, KeyFolderName))!, KeyFolderName);
            options.XmlRepository = new FileSystemXmlRepository(OperatingSystem.IsWindows() ? Directory.CreateDirectory(folder) : Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute), loggers);
        });

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
        return http.SignInAsync(Scheme, new ClaimsPrincipal(identity), new AuthenticationProperties { IsPersistent = false });
    }

    private static bool IsConsoleApi(HttpRequest request) =>
        request.Path.StartsWithSegments(ConsolePaths.Api) || request.Path.StartsWithSegments(ConsolePaths.Session);

    private static Task Redirect(HttpResponse response, string location)
    {
        response.Redirect(location);
        return Task.CompletedTask;
    }
}
