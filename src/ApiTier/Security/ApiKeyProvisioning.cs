using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using OrleansPersonalization.Api.Hosting;

namespace OrleansPersonalization.Api.Security;

/// <summary>
/// Where the API keys come from: configuration (<c>ApiKeys:Keys</c>, hashes only) or, in the
/// embedded default, a file of hashes in the data folder that is generated on first start. The
/// generated keys are written once to an owner-only file beside it, never to the console: stdout
/// is the log stream (journald, <c>docker logs</c>), and secrets in logs outlive every rotation.
/// Only the file's path is printed; the operator reads the keys and deletes the file.
/// </summary>
public static class ApiKeyProvisioning
{
    public const string EmbeddedFileName = "api-keys.json";
    public const string FirstRunFileName = "first-run-api-keys.txt";

    public static ApiKeyStore Load(IConfiguration configuration, string keyDirectory, TextWriter console)
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

        var file = Path.Combine(keyDirectory, EmbeddedFileName);
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
        var keysFile = Path.Combine(keyDirectory, FirstRunFileName);
        File.Delete(keysFile);
        DataDirectory.WriteNewSecretFile(keysFile, Encoding.UTF8.GetBytes($"""
            # API keys generated for this installation. Only their hashes are kept (in {file}).
            # Copy them to where your clients keep secrets, then delete this file.
            # Lost them? Stop the service, delete {file} and start again to get new ones.
            app={app}
            admin={admin}

            """));
        DataDirectory.WriteNewSecretFile(file, JsonSerializer.SerializeToUtf8Bytes(entries, JsonSerializerOptions.Web));
        console.WriteLine($"API keys generated for this installation: read them from {keysFile} (owner-only), then delete that file.");
        return new ApiKeyStore(entries);
    }

    private static string NewKey(string role) =>
        $"opk_{role}_{Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_')}";
}
