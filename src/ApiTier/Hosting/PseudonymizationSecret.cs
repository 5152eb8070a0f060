using System.Security.Cryptography;
using OrleansPersonalization.Domain.Pseudonymization;

namespace OrleansPersonalization.Api.Hosting;

/// <summary>
/// Section <c>Pseudonymization</c>: the HMAC secret, from <c>Secret</c> (base64, e.g. an environment
/// variable) or <c>SecretFile</c>. The embedded default generates one into the key folder once.
/// It never goes into the data store.
/// </summary>
public static class PseudonymizationSecret
{
    public const string Section = "Pseudonymization";
    public const string EmbeddedFileName = "pseudonymization.key";

    public static UserPseudonymizer Load(IConfiguration configuration, string keyDirectory)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(Section);
        if (section["Secret"] is { Length: > 0 } base64)
        {
            return new UserPseudonymizer(Convert.FromBase64String(base64));
        }

        if (section["SecretFile"] is not { Length: > 0 } && configuration.GetValue<ApiHosting>(ApiHostingExtensions.ApiHostingSetting) == ApiHosting.Client)
        {
            // Every API instance of a cluster must derive the same keys: a secret generated locally would split users.
            throw new InvalidOperationException("In cluster mode set Pseudonymization:Secret (base64, at least 32 bytes) or Pseudonymization:SecretFile.");
        }

        var file = section["SecretFile"] is { Length: > 0 } configured ? configured : Path.Combine(keyDirectory, EmbeddedFileName);
        if (!File.Exists(file))
        {
            DataDirectory.WriteNewSecretFile(file, RandomNumberGenerator.GetBytes(32));
        }

        return new UserPseudonymizer(File.ReadAllBytes(file));
    }
}
