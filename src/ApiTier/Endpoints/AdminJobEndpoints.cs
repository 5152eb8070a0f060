using OrleansPersonalization.Api.Contracts;
using OrleansPersonalization.Api.Http;
using OrleansPersonalization.Api.Security;
using OrleansPersonalization.Contracts;

namespace OrleansPersonalization.Api.Endpoints;

/// <summary>
/// Operations that may outrun any response timeout (a rebuild, a rewrap, a verification of the whole
/// chain) start as jobs: 202 with the job's status resource, which the client polls.
/// </summary>
public static class AdminJobEndpoints
{
    private const string Tag = "Administration";

    public static void MapAdminJobEndpoints(this RouteGroupBuilder admin)
    {
        admin.MapPost("/jobs", StartJob)
            .WithTags(Tag).WithSummary("Start a long operation (model-rebuild, key-rewrap, audit-verify) as a job").Accepts<AdminJobRequest>("application/json")
            .Produces<AdminJobStatus>(StatusCodes.Status202Accepted).ProducesValidationProblem();
        admin.MapGet("/jobs/{jobId}", GetJob)
            .WithTags(Tag).WithSummary("A job's state and, once it has ended, its outcome")
            .Produces<AdminJobStatus>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> StartJob(HttpContext http, IGrainFactory grains, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<AdminJobRequest>(http.Request, cancellationToken);
        if (!body.IsValid)
        {
            return body.Problem!;
        }

        if (body.Value!.Kind is not { } kind || !AdminJobKinds.All.Contains(kind))
        {
            return Problems.Invalid("kind", $"Must be one of: {string.Join(", ", AdminJobKinds.All)}.");
        }

        var status = await StartJobAsync(http, grains, kind);
        return TypedResults.Accepted(Beside(http, "/jobs/" + status.JobId), status);
    }

    public static Task<AdminJobStatus> StartJobAsync(HttpContext http, IGrainFactory grains, string kind)
    {
        ArgumentNullException.ThrowIfNull(grains);
        return grains.GetGrain<IAdminJobGrain>(Guid.NewGuid().ToString("N")).Start(kind, ActorRole.Of(http));
    }

    private static async Task<IResult> GetJob(string jobId, IGrainFactory grains)
    {
        if (!JobIds.IsValid(jobId))
        {
            return Problems.Invalid("jobId", JobIds.Rule);
        }

        var status = await grains.GetGrain<IAdminJobGrain>(jobId).GetStatus();
        return status is null ? Problems.NotFound("No job has this id.") : TypedResults.Ok(status);
    }

    /// <summary>A resource beside the route that was called: the console's routes for the console, the API's for the API.</summary>
    public static string Beside(HttpContext http, string resource)
    {
        ArgumentNullException.ThrowIfNull(http);
        return (http.Request.Path.StartsWithSegments("/v1/admin") ? "/v1/admin" : AdminConsole.ConsolePaths.Api) + resource;
    }
}
