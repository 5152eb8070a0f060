using System.Text;
using CsCheck;

namespace OrleansPersonalization.Tests.Api;

/// <summary>One request a client could send by mistake or in bad faith, and the key role it uses.</summary>
public sealed record MalformedRequest(string Role, string Method, string Path, string? ContentType, string? Body)
{
    public override string ToString() =>
        $"{Role} {Method} {Path} [{ContentType}] {(Body is null ? "" : Body.Length > 120 ? Body[..120] + "…" : Body)}";
}

/// <summary>
/// Generators of requests that are malformed by construction, for every endpoint that takes input:
/// bodies that are not JSON, of the wrong shape or type, with unknown fields or too large; user and
/// item ids that are too long or carry control characters; query values out of range or not numbers.
/// </summary>
public static class MalformedRequests
{
    private const string User = "/v1/users/fuzz-user";

    /// <summary>Endpoints with a JSON body: role, method, path, and the fields the body may have.</summary>
    private static readonly (string Role, string Method, string Path, string[] Fields)[] BodyEndpoints =
    [
        ("app", "PUT", User + "/consent", ["purposes", "policyVersion", "source"]),
        ("app", "POST", User + "/events", ["itemId", "type", "at", "value", "eventId"]),
        ("app", "PUT", User + "/profile", ["country", "language", "ageBand", "interests", "personalizationLevel"]),
        ("app", "POST", "/v1/events", ["events"]),
        ("admin", "PUT", "/v1/items/fuzz-item", ["category", "tags", "available"]),
        ("admin", "POST", "/v1/admin/erasures", ["userIds", "reason"]),
    ];

    /// <summary>Endpoints addressed by a user id: method and the path after the id.</summary>
    private static readonly (string Method, string Suffix)[] UserEndpoints =
    [
        ("GET", "/consent"), ("GET", "/profile"), ("GET", "/recommendations"), ("GET", "/data"), ("DELETE", ""),
    ];

    private static readonly string[] BadCounts = ["0", "-1", "101", "1001", "1.5", "1e3", "99999999999", "", "abc"];
    private static readonly string[] BadLimits = ["0", "-1", "1001", "1.5", "1e3", "99999999999", "", "abc"];
    private static readonly string[] BadTimes =
    [
        "yesterday", "2026-13-45", "", "12:00", "1e3",
        // The edges of the calendar: valid text whose UTC instant does not exist.
        "0001-01-01T00:00:00+01:00", "0001-01-01T00:30:00+14:00", "9999-12-31T23:59:59-01:00", "9999-12-31T23:00:00.9999999-12:00",
        "2026-11-29T10:00:00+24:00", "2026-02-30T10:00:00Z", "2026-11-29T10:00:00.12345678Z",
    ];

    /// <summary>JSON escapes that are valid syntax but not valid Unicode: lone surrogates, reversed pairs.</summary>
    private static readonly string[] BadEscapes = ["\\ud800", "\\udc00", "\\udbff", "\\udfff\\ud800", "a\\ud800b", "\\ud800\\u0041"];

    /// <summary>
    /// User ids in the path whose escapes are not well-formed UTF-8: lone surrogates, overlong forms,
    /// truncated sequences, beyond U+10FFFF. (Broken escapes such as <c>%ZZ</c> and dot segments are
    /// sent raw to a real Kestrel in <c>Processes.RequestTargetTests</c>: HttpClient would rewrite them.)
    /// </summary>
    private static readonly string[] BadEncodedIds = ["%ED%A0%80", "a%ED%BF%BFb", "%C0%AF", "%E0%80%AF", "%FF", "%C3", "%F4%90%80%80", "%C3%A9%80"];

    /// <summary>Query parameters and values outside what they accept (random text where a closed set is expected).</summary>
    private static readonly (string Role, string Path, string Parameter, string[] Values)[] QueryEndpoints =
    [
        ("app", User + "/recommendations", "count", BadCounts),
        ("app", "/v1/items/fuzz-item/similar", "count", BadCounts),
        ("admin", "/v1/admin/audit", "limit", BadLimits),
        ("admin", "/v1/admin/audit", "from", BadTimes),
        ("admin", "/v1/admin/audit", "kind", []),
        ("admin", "/v1/admin/audit", "subject", []),
    ];

    private const string AlphaNumeric = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    private static readonly Gen<string> Text = StringOf(Gen.Char[' ', '~'], 0, 40);

    /// <summary>JSON values no field of ours accepts: nested arrays and objects of objects.</summary>
    private static readonly Gen<string> WrongValue = Gen.OneOf("[[[]]]", "{\"nested\":{\"deep\":[{}]}}", "[{\"a\":[[1]]}]");

    private static readonly Gen<string> BadBody = Gen.OneOf<string>(
        // Not JSON: an object that never closes.
        Text.Select(t => "{\"" + t.Replace("\"", "", StringComparison.Ordinal)),
        // JSON, but not an object.
        Gen.OneOf("[]", "42", "\"text\"", "null", "true", "[{}]"),
        // An object with a field no endpoint knows (strict binding refuses it).
        StringOf(Gen.Char[AlphaNumeric], 1, 20).Select(name => $"{{\"x_{name}\": 1}}"),
        // The same field twice.
        Gen.OneOf("{\"a\":1,\"a\":2}"));

    private static Gen<string> StringOf(Gen<char> chars, int min, int max) =>
        chars.Array[min, max].Select(c => new string(c));

    public static Gen<MalformedRequest> All { get; } = Gen.OneOf<MalformedRequest>(
        BodyRequests(),
        OversizedBodies(),
        WrongContentTypes(),
        BadUserIds(),
        BadEncodedUserIds(),
        InvalidUnicodeBodies(),
        EdgeOfCalendarEvents(),
        BadQueries());

    private static Gen<MalformedRequest> BadEncodedUserIds() =>
        Gen.Select(Gen.Int[0, UserEndpoints.Length - 1], Gen.Int[0, BadEncodedIds.Length - 1], StringOf(Gen.Char[AlphaNumeric], 0, 6), (e, b, text) =>
        {
            var (method, suffix) = UserEndpoints[e];
            return new MalformedRequest("app", method, "/v1/users/" + text + BadEncodedIds[b] + suffix, null, null);
        });

    private static Gen<MalformedRequest> InvalidUnicodeBodies() =>
        Gen.Select(Gen.Int[0, BodyEndpoints.Length - 1], Gen.Int[0, BadEscapes.Length - 1], Gen.Int[0, 9], (e, b, pick) =>
        {
            var (role, method, path, fields) = BodyEndpoints[e];
            var escape = BadEscapes[b];

            // As a field name, as a string value of a known field, or inside a nested object's names.
            var json = (pick % 3) switch
            {
                0 => $"{{\"{escape}\": true}}",
                1 => $"{{\"{fields[pick % fields.Length]}\": \"{escape}\"}}",
                _ => $"{{\"{fields[0]}\": {{\"{escape}\": 1}}}}",
            };
            return new MalformedRequest(role, method, path, "application/json", json);
        });

    private static Gen<MalformedRequest> EdgeOfCalendarEvents() =>
        Gen.Select(Gen.Int[0, BadTimes.Length - 1], Gen.Bool, (t, bulk) => bulk
            ? new MalformedRequest("app", "POST", "/v1/events", "application/json",
                $"{{\"events\":[{{\"userId\":\"fuzz-user\",\"itemId\":\"fuzz-item\",\"type\":\"view\",\"at\":\"{BadTimes[t]}\"}}]}}")
            : new MalformedRequest("app", "POST", User + "/events", "application/json",
                $"{{\"itemId\":\"fuzz-item\",\"type\":\"view\",\"at\":\"{BadTimes[t]}\"}}"));

    private static Gen<MalformedRequest> BodyRequests() =>
        Gen.Select(Gen.Int[0, BodyEndpoints.Length - 1], BadBody, WrongValue, Gen.Int[0, 9], (e, body, wrong, pick) =>
        {
            var (role, method, path, fields) = BodyEndpoints[e];

            // Half the time: a known field with a value of a type it never takes.
            var json = pick < 5 ? body : $"{{\"{fields[pick % fields.Length]}\": {wrong}}}";
            return new MalformedRequest(role, method, path, "application/json", json);
        });

    private static Gen<MalformedRequest> OversizedBodies() =>
        Gen.Select(Gen.Int[0, BodyEndpoints.Length - 1], Gen.Int[65 * 1024, 200 * 1024], (e, size) =>
        {
            var (role, method, path, fields) = BodyEndpoints[e];
            var padding = new StringBuilder().Append('x', size).ToString();
            return new MalformedRequest(role, method, path, "application/json", $"{{\"{fields[0]}\": \"{padding}\"}}");
        });

    private static Gen<MalformedRequest> WrongContentTypes() =>
        Gen.Select(Gen.Int[0, BodyEndpoints.Length - 1], Gen.OneOf("text/plain", "application/xml", "application/x-www-form-urlencoded"), (e, type) =>
        {
            var (role, method, path, _) = BodyEndpoints[e];
            return new MalformedRequest(role, method, path, type, "{}");
        });

    private static Gen<MalformedRequest> BadUserIds() =>
        Gen.Select(
            Gen.Int[0, UserEndpoints.Length - 1],
            Gen.OneOf<string>(
                StringOf(Gen.Char[AlphaNumeric], 257, 400),
                Gen.Select(StringOf(Gen.Char[AlphaNumeric], 0, 10), Gen.Char['\u0001', '\u001f'], (s, c) => s + c + s)),
            (e, id) =>
            {
                var (method, suffix) = UserEndpoints[e];
                return new MalformedRequest("app", method, "/v1/users/" + Uri.EscapeDataString(id) + suffix, null, null);
            });

    private static Gen<MalformedRequest> BadQueries() =>
        Gen.Select(
            Gen.Int[0, QueryEndpoints.Length - 1],
            Gen.Int[0, 100],
            StringOf(Gen.Char[AlphaNumeric], 1, 12),
            (e, pick, text) =>
            {
                var (role, path, parameter, values) = QueryEndpoints[e];

                // Fixed bad values where the parameter takes numbers or times; otherwise text no closed set holds.
                var value = values.Length > 0 ? values[pick % values.Length] : "z" + text;
                return new MalformedRequest(role, "GET", $"{path}?{parameter}={Uri.EscapeDataString(value)}", null, null);
            });
}
