using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Caching.Memory;

namespace OrleansPersonalization.Api.AdminConsole;

/// <summary>
/// Console sessions live here, in this process's memory; the cookie carries only a random session
/// id. So a session ends for good when it is signed out (a copied cookie is worthless afterwards),
/// when it expires, and when the process restarts (when the keys may have changed); and nobody who
/// reads the disk can mint one. The price: behind a load balancer with several API instances, the
/// console needs sticky sessions.
/// </summary>
public sealed class ConsoleSessionStore : ITicketStore, IDisposable
{
    /// <summary>Sign-in needs the admin key, so this many live sessions is far beyond any real use; past it sign-in fails rather than memory grows.</summary>
    public const int MaxSessions = 10_000;

    private readonly MemoryCache _sessions = new(new MemoryCacheOptions { SizeLimit = MaxSessions });

    public Task<string> StoreAsync(AuthenticationTicket ticket)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        Set(id, ticket);
        return Task.FromResult(id);
    }

    /// <summary>A sliding renewal extends a live session only: one signed out meanwhile stays gone.</summary>
    public Task RenewAsync(string key, AuthenticationTicket ticket)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        if (_sessions.TryGetValue(key, out _))
        {
            Set(key, ticket);
        }

        return Task.CompletedTask;
    }

    public Task<AuthenticationTicket?> RetrieveAsync(string key) =>
        Task.FromResult(_sessions.TryGetValue(key, out AuthenticationTicket? ticket) ? ticket : null);

    public Task RemoveAsync(string key)
    {
        _sessions.Remove(key);
        return Task.CompletedTask;
    }

    public void Dispose() => _sessions.Dispose();

    private void Set(string id, AuthenticationTicket ticket) =>
        _sessions.Set(id, ticket, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpiration = ticket.Properties.ExpiresUtc ?? DateTimeOffset.UtcNow + AdminSession.IdleTimeout });
}

/// <summary>Wires the store into the cookie scheme (it is a singleton service, so tests can look at it).</summary>
public sealed class ConsoleSessionStoreSetup(ConsoleSessionStore store) : Microsoft.Extensions.Options.IPostConfigureOptions<CookieAuthenticationOptions>
{
    public void PostConfigure(string? name, CookieAuthenticationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (name == AdminSession.Scheme)
        {
            options.SessionStore = store;
        }
    }
}
