using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Orleans.Dashboard;
using OrleansPersonalization.Api.Endpoints;
using OrleansPersonalization.Api.Http;
using OrleansPersonalization.Api.Security;

namespace OrleansPersonalization.Api.AdminConsole;

/// <summary>
/// The console's server side: its session, and the administration endpoints of <c>/v1/admin</c>
/// mapped once more under <see cref="ConsolePaths.Api"/> for the cookie session (the same handlers,
/// so the console can do nothing the API cannot), and the Orleans dashboard behind the same sign-in.
/// </summary>
public static class ConsoleEndpoints
{
    public const string Policy = "admin-console";

    public static WebApplication MapAdminConsole(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var session = app.MapGroup(ConsolePaths.Session).ExcludeFromDescription().AddEndpointFilter<ConsoleRequestHeader>();
        session.MapPost("", SignIn).AllowAnonymous();
        session.MapGet("", WhoAmI).RequireAuthorization(Policy);
        session.MapDelete("", SignOut).RequireAuthorization(Policy);

        app.MapGroup(ConsolePaths.Api).ExcludeFromDescription()
            .RequireAuthorization(Policy)
            .AddEndpointFilter<ConsoleRequestHeader>()
            .MapAdminEndpoints();

        app.MapOrleansDashboard(routePrefix: ConsolePaths.Dashboard).RequireAuthorization(Policy);
        return app;
    }

    private static async Task<IResult> SignIn(HttpContext http, ApiKeyStore keys, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<ConsoleSignInRequest>(http.Request, cancellationToken);
        if (!body.IsValid)
        {
            return body.Problem!;
        }

        if (body.Value!.Key is not { Length: > 0 } key || keys.Find(key) is not { } entry)
        {
            return Problems.Unauthorized();
        }

        if (entry.Role != ApiRoles.Admin)
        {
            return Problems.Forbidden("The console needs an admin key.");
        }

        // A new sign-in never continues a live session (the cookie handler would keep its id): sign out first.
        if (http.User.Identity?.IsAuthenticated == true)
        {
            return Problems.Conflict("A console session is already open in this browser; sign out first.");
        }

        await AdminSession.SignInAsync(http, entry);
        return TypedResults.Ok(new ConsoleSessionResponse(entry.Name, entry.Role));
    }

    private static Ok<ConsoleSessionResponse> WhoAmI(HttpContext http) =>
        TypedResults.Ok(new ConsoleSessionResponse(http.User.Identity?.Name ?? "", ActorRole.Of(http)));

    private static async Task<NoContent> SignOut(HttpContext http, IAuthenticationService authentication)
    {
        await authentication.SignOutAsync(http, AdminSession.Scheme, null);
        return TypedResults.NoContent();
    }
}
