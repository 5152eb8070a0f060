using Microsoft.Extensions.Configuration;
using OrleansPersonalization.Api.Hosting;
using OrleansPersonalization.Api.Security;
using OrleansPersonalization.Tests.Support;

namespace OrleansPersonalization.Tests.Domain;

/// <summary>In cluster mode nothing secret is generated locally: every API instance must share the same secret and keys.</summary>
public class ClusterModeSecretsTests
{
    private static readonly IConfiguration ClientMode = new ConfigurationBuilder()
        .AddInMemoryCollection([new KeyValuePair<string, string?>("Api:Hosting", "Client")])
        .Build();

    [Fact]
    public void The_pseudonymization_secret_must_be_configured()
    {
        using var directory = new TempDirectory();

        Assert.Throws<InvalidOperationException>(() => PseudonymizationSecret.Load(ClientMode, directory.Path));
        Assert.Empty(Directory.GetFiles(directory.Path));
    }

    [Fact]
    public void Api_keys_must_be_configured()
    {
        using var directory = new TempDirectory();

        Assert.Throws<InvalidOperationException>(() => ApiKeyProvisioning.Load(ClientMode, directory.Path, TextWriter.Null));
        Assert.Empty(Directory.GetFiles(directory.Path));
    }
}
