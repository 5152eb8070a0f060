using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using OrleansPersonalization.Api.Hosting;

namespace OrleansPersonalization.Api.Security;

/// <summary>
/// Where the API keys come from: configuration (<c>ApiKeys:Keys</c>, hashes only) or, in the
/// embedded default, a file of hashes in the data folder that is generated on first start. The
/// generated keys are printed once to the console and stored nowhere in clear.
/// </summary>
public static class ApiKeyProvisioning
{
    public const string EmbeddedFileName = "api-keys.json";

    public static ApiKeyStore Load(IConfiguration configuration, string dataDirectory, TextWriter console)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(console);
        var options = new ApiKeyOptions();
        configuration.GetSection(ApiKeyOptions.Section).Bind(options);
        if (options.Keys.Count > 0)
        {
            return new ApiKeyStore(options.Keys);
        }

        if (configuration.GetValue<ApiHosting>(ApiHostingExtensions.ApiHostingSetting) == ApiHosting.Client)
        {
            throw new InvalidOperationException("In cluster mode configure ApiKeys:Keys (name, role and SHA-256 of each key).");
        }

        var file = Path.Combine(dataDirectory, EmbeddedFileName);
        if (File.Exists(file))
        {
            return new ApiKeyStore(JsonSerializer.Deserialize<List<ApiKeyEntry>>(File.ReadAllText(file), JsonSerializerOptions.Web) ?? []);
        }

        var app = NewKey(ApiRoles.App);
        var admin = NewKey(ApiRoles.Admin);
        List<ApiKeyEntry> entries =
        [
            new() { Name = "embedded-app", Role = ApiRoles.App, Sha256 = ApiKeyStore.Hash(app) },
            new() { Name = "embedded-admin", Role = ApiRoles.Admin, Sha256 = ApiKeyStore.Hash(admin) },
        ];
        DataDirectory.WriteNewSecretFile(file, JsonSerializer.SerializeToUtf8Bytes(entries, JsonSerializerOptions.Web));
        console.WriteLine($"""

            ==== API keys generated for this installation (shown once; only their hashes are kept in {file}) ====
              app   key (X-Api-Key for /v1/users, /v1/events, /v1/items/*/similar): {app}
              admin key (X-Api-Key for /v1/admin, PUT/DELETE /v1/items):          {admin}
            Lost them? Stop the service, delete {file} and start again to get new ones.
            =====================================================================================================

            """);
        return new ApiKeyStore(entries);
    }

    private static string NewKey(string role) =>
        $"opk_{role}_{Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_')}";
}
