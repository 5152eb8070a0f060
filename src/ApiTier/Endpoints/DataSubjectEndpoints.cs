using OrleansPersonalization.Api.Documentation;
using OrleansPersonalization.Api.Contracts;
using OrleansPersonalization.Api.Http;
using OrleansPersonalization.Api.Telemetry;
using OrleansPersonalization.Api.Security;
using OrleansPersonalization.Api.Validation;
using OrleansPersonalization.Contracts;
using OrleansPersonalization.Domain.Consent;

namespace OrleansPersonalization.Api.Endpoints;

/// <summary>Access, portability and erasure (GDPR Art. 15, 17, 20).</summary>
public static class DataSubjectEndpoints
{
    private const string Tag = "Data subject rights";

    public static void MapDataSubjectEndpoints(this RouteGroupBuilder users)
    {
        users.MapGet("/data", GetData).AllowUserToken()
            .WithTags(Tag).WithSummary("Everything stored about the user (access and portability)").Produces<ExportResponse>().ProducesValidationProblem()
            .WithMetadata(new QueryParameter("download", "true: answer as an attachment (personal-data.json)."));
        users.MapDelete("", Erase).AllowUserToken()
            .WithTags(Tag).WithSummary("Erase the user: state, model contribution, keys").Produces<ErasureResponse>();
    }

    private static async Task<IResult> GetData(HttpContext http, IGrainFactory grains)
    {
        var errors = new Dictionary<string, string[]>();
        QueryParameters.TryString(http.Request, "download", out var download, errors);
        if (download is not null and not "true" and not "false")
        {
            errors["download"] = ["Must be true or false."];
        }

        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        var export = await UserKeyFilter.UserGrain(http, grains).Export(ActorRole.Of(http));
        if (download == "true")
        {
            http.Response.Headers.ContentDisposition = "attachment; filename=\"personal-data.json\"";
        }

        return TypedResults.Ok(ExportResponse.From(export, Purposes.All));
    }

    private static async Task<IResult> Erase(HttpContext http, IGrainFactory grains, ProductMetrics metrics)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var receipt = await UserKeyFilter.UserGrain(http, grains).Erase(new ErasureCommand(ActorRole.Of(http), null));
        metrics.Erased(System.Diagnostics.Stopwatch.GetElapsedTime(started));
        return TypedResults.Ok(new ErasureResponse(receipt.ReceiptId, receipt.ErasedAt, receipt.Erased));
    }
}
