using System.Net;
using OrleansPersonalization.Api.Security;
using OrleansPersonalization.Tests.Support;

namespace OrleansPersonalization.Tests.Api;

/// <summary>P9: who may call what.</summary>
public abstract class AccessControlTests<TFixture>(TFixture fixture) : ApiTestBase<TFixture>(fixture)
    where TFixture : ApiFixture
{
    [Theory]
    [MemberData(nameof(ProtectedEndpoints.AppEndpoints), MemberType = typeof(ProtectedEndpoints))]
    [MemberData(nameof(ProtectedEndpoints.AdminEndpoints), MemberType = typeof(ProtectedEndpoints))]
    public async Task Without_a_key_or_with_an_unknown_key_every_protected_endpoint_is_401(string method, string path)
    {
        await Factory.Anonymous().SendAsync(new HttpRequestMessage(new HttpMethod(method), path)).ExpectProblem(HttpStatusCode.Unauthorized);
        await Factory.WithKey("not-a-key").SendAsync(new HttpRequestMessage(new HttpMethod(method), path)).ExpectProblem(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [MemberData(nameof(ProtectedEndpoints.AppEndpoints), MemberType = typeof(ProtectedEndpoints))]
    public async Task Data_subject_endpoints_refuse_the_admin_role(string method, string path)
    {
        await Admin.SendAsync(new HttpRequestMessage(new HttpMethod(method), path)).ExpectProblem(HttpStatusCode.Forbidden);
    }

    [Theory]
    [MemberData(nameof(ProtectedEndpoints.AdminEndpoints), MemberType = typeof(ProtectedEndpoints))]
    public async Task Administration_refuses_the_app_role(string method, string path)
    {
        await App.SendAsync(new HttpRequestMessage(new HttpMethod(method), path)).ExpectProblem(HttpStatusCode.Forbidden);
    }

    [Theory]
    [InlineData("/v1/privacy/notice")]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task Transparency_and_health_answer_without_a_key(string path)
    {
        await Factory.Anonymous().GetAsync(path).ExpectJson(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_operators_dashboard_is_for_admins_only()
    {
        await Factory.Anonymous().GetAsync("/dashboard").ExpectProblem(HttpStatusCode.Unauthorized);
        await App.GetAsync("/dashboard").ExpectProblem(HttpStatusCode.Forbidden);

        using var page = await Admin.GetAsync("/dashboard");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("html", page.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_app_keys_are_valid_at_once_so_keys_can_be_rotated()
    {
        await Factory.WithKey(ApiFactory.SecondAppKey).GetAsync(Http.User(NewUserId()) + "/consent").ExpectJson(HttpStatusCode.OK);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void The_embedded_default_stores_generated_keys_only_as_hashes_and_hands_them_over_in_an_owner_only_file_not_the_log_stream()
    {
        using var directory = new TempDirectory();
        using var console = new StringWriter();
        var configuration = new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build();

        var store = ApiKeyProvisioning.Load(configuration, directory.Path, console);
        var handover = Path.Combine(directory.Path, ApiKeyProvisioning.FirstRunFileName);
        Assert.DoesNotContain("opk_", console.ToString(), StringComparison.Ordinal);
        Assert.Contains(handover, console.ToString(), StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(handover));
        var printed = System.Text.RegularExpressions.Regex.Matches(File.ReadAllText(handover), "opk_(app|admin)_[A-Za-z0-9_-]+").Select(m => m.Value).ToList();
        var file = File.ReadAllText(Path.Combine(directory.Path, ApiKeyProvisioning.EmbeddedFileName));
        using var quiet = new StringWriter();
        var reloaded = ApiKeyProvisioning.Load(configuration, directory.Path, quiet);

        Assert.Equal(2, printed.Count);
        Assert.All(printed, key => Assert.DoesNotContain(key, file, StringComparison.Ordinal));
        Assert.Equal(ApiRoles.App, reloaded.Find(printed[0])?.Role);
        Assert.Equal(ApiRoles.Admin, reloaded.Find(printed[1])?.Role);
        Assert.Equal(2, store.Count);
        Assert.Empty(quiet.ToString());
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(directory.Path, ApiKeyProvisioning.EmbeddedFileName)));
    }
}

public sealed class AccessControlTestsOnSqlite(SqliteApiFixture fixture) : AccessControlTests<SqliteApiFixture>(fixture);

public sealed class AccessControlTestsOnPostgres(PostgresApiFixture fixture) : AccessControlTests<PostgresApiFixture>(fixture);

public static class ProtectedEndpoints
{
    public static TheoryData<string, string> AppEndpoints => new()
    {
        { "GET", "/v1/users/u1/consent" },
        { "PUT", "/v1/users/u1/consent" },
        { "POST", "/v1/users/u1/events" },
        { "POST", "/v1/events" },
        { "GET", "/v1/users/u1/profile" },
        { "PUT", "/v1/users/u1/profile" },
        { "GET", "/v1/users/u1/recommendations" },
        { "GET", "/v1/users/u1/data" },
        { "DELETE", "/v1/users/u1" },
        { "GET", "/v1/items/i1/similar" },
    };

    public static TheoryData<string, string> AdminEndpoints => new()
    {
        { "PUT", "/v1/items/i1" },
        { "DELETE", "/v1/items/i1" },
        { "POST", "/v1/admin/erasures" },
        { "GET", "/v1/admin/erasures/0123456789abcdef0123456789abcdef" },
        { "GET", "/v1/admin/audit" },
        { "GET", "/v1/admin/audit/verify" },
        { "POST", "/v1/admin/keys/rewrap" },
        { "GET", "/v1/admin/model" },
        { "POST", "/v1/admin/model/rebuild" },
        { "POST", "/v1/admin/jobs" },
        { "GET", "/v1/admin/jobs/0123456789abcdef0123456789abcdef" },
        { "POST", "/v1/admin/audit/search" },
        { "GET", "/v1/admin/erasures/0123456789abcdef0123456789abcdef/receipts.csv" },
    };
}
