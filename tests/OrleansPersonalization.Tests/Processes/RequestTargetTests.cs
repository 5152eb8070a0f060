using System.Net;
using System.Text.Json.Nodes;
using CsCheck;
using OrleansPersonalization.Silo.Storage;
using OrleansPersonalization.Tests.Support;

namespace OrleansPersonalization.Tests.Processes;

/// <summary>
/// P10 "a request acts on exactly the user its route names", against the real Kestrel, with request
/// targets sent byte for byte: dot segments and their encodings are refused (400), never resolved
/// to another user; case variants of the route, double encoding and encoded slashes name exactly
/// the user their single decoding names.
/// </summary>
public sealed class RequestTargetTests
{
    private static readonly string[] Granted = ["alice", "bob", "a/b", "users", "consent", "\u00e9"];

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task A_dot_segment_never_erases_anyone_and_every_target_acts_on_the_user_it_names(StoreKind kind)
    {
        using var store = new TestStore(kind);
        using var api = await ApiProcess.StartAsync(store);
        using var app = api.Client(ApiFactory.AppKey);
        foreach (var user in Granted)
        {
            await app.Grant(user).ExpectJson(HttpStatusCode.OK);
        }

        string[] hostile =
        [
            "/v1/users/alice/../bob", "/v1/users/alice/%2E%2E/bob", "/v1/users/alice/%2e%2e/bob", "/v1/users/alice/.%2E/bob",
            "/v1/users/./bob", "/v1/users/bob/.", "/v1/users/%2E/bob", "/v1/users/alice/../../v1/users/bob",
            "/v1/users/%FF", "/v1/users/bob%", "/v1/users/bob%2", "/v1/users/%C3",
        ];
        foreach (var target in hostile)
        {
            var (status, body) = await RawHttp.SendAsync(api.BaseAddress, "DELETE", target, ApiFactory.AppKey);
            Assert.True(status is 400 or 404 or 405, $"DELETE {target} answered {status}: {body}");
        }

        foreach (var user in Granted)
        {
            Assert.True(await IsGranted(api, "/v1/users/" + Uri.EscapeDataString(user) + "/consent"), $"{user} lost consent");
        }

        // Case variants of the route: the id is the segment the route gives it, not the first "users" segment.
        Assert.False(await IsGranted(api, "/v1/USERS/nobody/consent"));
        Assert.True(await IsGranted(api, "/V1/Users/alice/consent"));
        Assert.True(await IsGranted(api, "/v1/USERS/users/consent"));
        Assert.False(await IsGranted(api, "/v1/Users/someone-else/consent"));

        // One decoding: %2561 is the literal text "%61", not "a"; %2F and %2f are both a slash in the id.
        Assert.False(await IsGranted(api, "/v1/users/%2561lice/consent"));
        Assert.True(await IsGranted(api, "/v1/users/%61lice/consent"));
        Assert.True(await IsGranted(api, "/v1/users/a%2fb/consent"));
        Assert.False(await IsGranted(api, "/v1/users/a%252Fb/consent"));

        // Unicode: the NFD spelling is the same person as the NFC one.
        Assert.True(await IsGranted(api, "/v1/users/e%CC%81/consent"));

        var (erased, _) = await RawHttp.SendAsync(api.BaseAddress, "DELETE", "/v1/USERS/bob", ApiFactory.AppKey);
        Assert.Equal(200, erased);
        Assert.False(await IsGranted(api, "/v1/users/bob/consent"));
        Assert.True(await IsGranted(api, "/v1/users/alice/consent"));
    }

    [Fact]
    public async Task Random_request_targets_are_refused_or_act_on_exactly_the_user_their_path_names()
    {
        using var store = new TestStore(StoreKind.Sqlite);
        using var api = await ApiProcess.StartAsync(store);
        using var app = api.Client(ApiFactory.AppKey);
        foreach (var user in Granted)
        {
            await app.Grant(user).ExpectJson(HttpStatusCode.OK);
        }

        // (what is sent, the user id it names when the target is canonical)
        (string Wire, string Id)[] ids =
        [
            ("alice", "alice"), ("%61lice", "alice"), ("%2561lice", "%61lice"), ("a%2Fb", "a/b"), ("a%2fb", "a/b"),
            ("a%252Fb", "a%2Fb"), ("e%CC%81", "\u00e9"), ("%C3%A9", "\u00e9"), ("bob", "bob"), ("users", "users"),
            ("consent", "consent"), ("carol", "carol"), ("%2E%2Ebob", "..bob"), (".bob", ".bob"),
        ];
        string[] prefixes = ["/v1/users/", "/v1/USERS/", "/V1/Users/"];
        string[] injections = ["", "", "", "x/../", "./", "%2E%2E/", "%2e/", "alice/../", "x/%2E%2E/", "x/.%2e/"];
        var gen = Gen.Select(Gen.Int[0, prefixes.Length - 1], Gen.Int[0, injections.Length - 1], Gen.Int[0, ids.Length - 1], Gen.Bool);

        await gen.SampleAsync(async sample =>
        {
            var (p, i, u, injectAfter) = sample;
            var (wire, id) = ids[u];
            var injection = injections[i];
            var target = injectAfter && injection.Length > 0
                ? prefixes[p] + wire + "/" + injection.TrimEnd('/') + "/consent"
                : prefixes[p] + injection + wire + "/consent";
            var (status, body) = await RawHttp.SendAsync(api.BaseAddress, "GET", target, ApiFactory.AppKey);
            if (injection.Length > 0)
            {
                // Refused, whoever refuses it: our check (400), or routing when the normalized path names no endpoint (404, 405).
                Assert.True(status is 400 or 404 or 405, $"GET {target} answered {status}: {body}");
                return;
            }

            Assert.True(status == 200, $"GET {target} answered {status}: {body}");
            Assert.Equal(Granted.Contains(id), JsonNode.Parse(body)!["purposes"]!["personalization"]!["granted"]!.GetValue<bool>());
        }, iter: 200, threads: 1, seed: null);
    }

    private static async Task<bool> IsGranted(ApiProcess api, string target)
    {
        var (status, body) = await RawHttp.SendAsync(api.BaseAddress, "GET", target, ApiFactory.AppKey);
        Assert.True(status == 200, $"GET {target} answered {status}: {body}");
        return JsonNode.Parse(body)!["purposes"]!["personalization"]!["granted"]!.GetValue<bool>();
    }
}
