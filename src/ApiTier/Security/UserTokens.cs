using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using OrleansPersonalization.Domain.Pseudonymization;
using OrleansPersonalization.Storage;

namespace OrleansPersonalization.Api.Security;

/// <summary>
/// Tokens an application's backend obtains with its <c>app</c> key and hands to a browser: scoped to
/// one user (the pseudonymous key, never the id), to one audience (the privacy centre), and to a few
/// minutes. Signed with HMAC-SHA256 under a key derived from the pseudonymization secret, so every
/// API instance of an installation verifies them and no stored state is needed. Written here rather
/// than as JWTs because nothing but this API reads them, and a fixed format leaves no header to
/// negotiate an algorithm with.
/// </summary>
public sealed class UserTokens(UserPseudonymizer pseudonymizer, IOptions<UserTokenOptions> options, [FromKeyedServices(Clocks.Domain)] TimeProvider clock)
{
    public const string Prefix = "opt1.";
    public const string PrivacyCentre = "privacy-centre";
    private const int MaxLength = 1024;

    private readonly byte[] _key = pseudonymizer.DeriveKey("user-token-v1");

    public (string Token, DateTimeOffset ExpiresAt) Issue(string userKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(userKey);
        var lifetime = TimeSpan.FromSeconds(Math.Clamp(options.Value.LifetimeSeconds, 1, UserTokenOptions.MaxLifetimeSeconds));
        var expires = clock.GetUtcNow() + lifetime;
        var payload = JsonSerializer.SerializeToUtf8Bytes(new TokenPayload(userKey, PrivacyCentre, expires.ToUnixTimeSeconds()));
        var body = Base64Url.EncodeToString(payload);
        return (Prefix + body + "." + Sign(body), DateTimeOffset.FromUnixTimeSeconds(expires.ToUnixTimeSeconds()));
    }

    /// <summary>The user key the token is for, or null with why not: every check is made, none trusts the payload before the signature.</summary>
    public string? Validate(string? token, out string failure)
    {
        failure = "";
        if (token is null || token.Length > MaxLength || !token.StartsWith(Prefix, StringComparison.Ordinal))
        {
            failure = "Not a user token.";
            return null;
        }

        var parts = token[Prefix.Length..].Split('.');
        if (parts.Length != 2 || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(parts[0])), Encoding.ASCII.GetBytes(parts[1])))
        {
            failure = "The token's signature is not valid.";
            return null;
        }

        TokenPayload? payload;
        try
        {
            payload = JsonSerializer.Deserialize<TokenPayload>(Base64Url.DecodeFromChars(parts[0]));
        }
        catch (Exception exception) when (exception is JsonException or FormatException)
        {
            failure = "The token cannot be read.";
            return null;
        }

        if (payload is not { Sub.Length: > 0, Aud: PrivacyCentre })
        {
            failure = "The token is not for this audience.";
            return null;
        }

        if (clock.GetUtcNow().ToUnixTimeSeconds() >= payload.Exp)
        {
            failure = "The token has expired.";
            return null;
        }

        return payload.Sub;
    }

    private string Sign(string body) =>
        Base64Url.EncodeToString(HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes(Prefix + body)));

    private sealed record TokenPayload(
        [property: System.Text.Json.Serialization.JsonPropertyName("sub")] string Sub,
        [property: System.Text.Json.Serialization.JsonPropertyName("aud")] string Aud,
        [property: System.Text.Json.Serialization.JsonPropertyName("exp")] long Exp);
}
