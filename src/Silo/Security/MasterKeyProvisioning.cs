using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using OrleansPersonalization.Domain.Protection;
using OrleansPersonalization.Silo.Storage;
using OrleansPersonalization.Silo.Storage.Sqlite;

namespace OrleansPersonalization.Silo.Security;

/// <summary>
/// Section <c>Protection</c>: the master key ring that wraps the users' data keys.
/// <c>MasterKeys:N:Id</c> and <c>MasterKeys:N:Key</c> (base64, 32 bytes) list the keys,
/// <c>CurrentMasterKeyId</c> names the one new data keys are wrapped with (default: the last listed).
/// The embedded default generates one key into the key folder (<c>master.key</c>, id
/// <see cref="EmbeddedKeyId"/>); cluster mode requires configured keys, shared by every silo.
/// </summary>
public static class MasterKeyProvisioning
{
    public const string Section = "Protection";
    public const string EmbeddedFileName = "master.key";
    public const string EmbeddedKeyId = "embedded-1";

    public static MasterKeyRing Load(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(Section);
        var configured = section.GetSection("MasterKeys").GetChildren()
            .Select(k => (Id: k["Id"], Key: k["Key"]))
            .Where(k => !string.IsNullOrEmpty(k.Id) && !string.IsNullOrEmpty(k.Key))
            .ToList();
        if (configured.Count > 0)
        {
            var keys = configured.ToDictionary(k => k.Id!, k => Convert.FromBase64String(k.Key!), StringComparer.Ordinal);
            return new MasterKeyRing(keys, section["CurrentMasterKeyId"] is { Length: > 0 } current ? current : configured[^1].Id!);
        }

        if (Hosting.PersonalizationSiloExtensions.StoreSettings(configuration).Kind == StoreKind.Postgres)
        {
            throw new InvalidOperationException(
                "In cluster mode set Protection:MasterKeys:0:Id and Protection:MasterKeys:0:Key (base64, 32 bytes): every silo must unwrap the same data keys.");
        }

        var key = SiloSecretFiles.ReadOrCreate(EmbeddedStoreOptions.From(configuration).KeyFile(EmbeddedFileName), () => RandomNumberGenerator.GetBytes(32));
        return new MasterKeyRing(new Dictionary<string, byte[]> { [EmbeddedKeyId] = key }, EmbeddedKeyId);
    }
}
