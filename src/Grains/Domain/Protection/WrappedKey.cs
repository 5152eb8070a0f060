namespace OrleansPersonalization.Domain.Protection;

/// <summary>A data key encrypted under one master key.</summary>
public sealed record WrappedKey(string MasterKeyId, byte[] Blob);
