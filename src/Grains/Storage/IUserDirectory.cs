namespace OrleansPersonalization.Storage;

/// <summary>Enumerates the pseudonymous keys of users that have stored state (for model rebuilds).</summary>
public interface IUserDirectory
{
    IAsyncEnumerable<string> UserKeysAsync(CancellationToken cancellationToken = default);
}
