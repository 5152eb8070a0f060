using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace OrleansPersonalization.Api.Security;

/// <summary>Authenticates <c>Authorization: Bearer opt1....</c>, a token scoped to one user.</summary>
public sealed class UserTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    UserTokens tokens) : ProblemAuthenticationHandler(options, logger, encoder)
{
    public const string SchemeName = "UserToken";
    public const string UserKeyClaim = "op:user-key";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization;
        if (header.Count != 1 || header[0] is not { } value || !value.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (tokens.Validate(value["Bearer ".Length..].Trim(), out var failure) is not { } userKey)
        {
            return Task.FromResult(AuthenticateResult.Fail(failure));
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Role, ApiRoles.UserToken), new Claim(UserKeyClaim, userKey)], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }
}
