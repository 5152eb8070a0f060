namespace OrleansPersonalization.Storage;

public interface IStoreHealth
{
    Task<bool> IsHealthyAsync(CancellationToken cancellationToken = default);
}
