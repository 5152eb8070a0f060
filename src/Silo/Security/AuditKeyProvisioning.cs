using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using OrleansPersonalization.Silo.Storage;
using OrleansPersonalization.Silo.Storage.Sqlite;
using OrleansPersonalization.Storage;

namespace OrleansPersonalization.Silo.Security;

/// <summary>
/// Section <c>Audit</c>: the key that chains the audit trail, from <c>Key</c> (base64, e.g. an
/// environment variable) or <c>KeyFile</c>. The embedded default generates one into the data
/// folder; cluster mode requires it, because every silo appends to the same chain.
/// </summary>
public static class AuditKeyProvisioning
{
    public const string Section = "Audit";
    public const string EmbeddedFileName = "audit.key";

    /// <summary>The configured key; in the embedded default the key file, created the first time unless <paramref name="createIfMissing"/> is false.</summary>
    public static AuditKey Load(IConfiguration configuration, bool createIfMissing = true)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(Section);
        if (section["Key"] is { Length: > 0 } base64)
        {
            return new AuditKey(Convert.FromBase64String(base64)) { AdoptsLegacyEntries = AdoptsLegacy(section) };
        }

        if (section["KeyFile"] is { Length: > 0 } file)
        {
            return new AuditKey(File.ReadAllBytes(file)) { AdoptsLegacyEntries = AdoptsLegacy(section) };
        }

        if (Hosting.PersonalizationSiloExtensions.StoreSettings(configuration).Kind == StoreKind.Postgres)
        {
            throw new InvalidOperationException("In cluster mode set Audit:Key (base64, at least 32 bytes) or Audit:KeyFile: every silo must chain the audit trail with the same key.");
        }

        var path = EmbeddedStoreOptions.From(configuration).KeyFile(EmbeddedFileName);
        if (!createIfMissing && !File.Exists(path))
        {
            throw new InvalidOperationException($"No audit key at {path}: point EmbeddedStore:DataDirectory (and EmbeddedStore:KeyDirectory) at the store's folders, or set Audit:Key.");
        }

        return new AuditKey(SiloSecretFiles.ReadOrCreate(path, () => RandomNumberGenerator.GetBytes(32))) { AdoptsLegacyEntries = AdoptsLegacy(section) };
    }

    private static bool AdoptsLegacy(IConfigurationSection section) =>
        bool.TryParse(section["AdoptLegacyEntries"], out var adopt) && adopt;
}
