using OrleansPersonalization.Api.Documentation;
using System.Collections.Immutable;
using OrleansPersonalization.Api.Contracts;
using OrleansPersonalization.Api.Http;
using OrleansPersonalization.Api.Logging;
using OrleansPersonalization.Api.Security;
using OrleansPersonalization.Api.Validation;
using OrleansPersonalization.Contracts;
using OrleansPersonalization.Domain.Audit;
using OrleansPersonalization.Domain.Pseudonymization;
using OrleansPersonalization.Domain.Recommendations;

namespace OrleansPersonalization.Api.Endpoints;

public static class AdminEndpoints
{
    private const string Tag = "Administration";

    public const int DefaultAuditLimit = 100;
    public const int MaxAuditLimit = 1000;

    public static void MapAdminEndpoints(this RouteGroupBuilder admin)
    {
        admin.MapPost("/erasures", StartErasureJob)
            .WithTags(Tag).WithSummary("Start an erasure job for many users").Accepts<ErasureJobRequest>("application/json")
            .Produces<ErasureJobAccepted>(StatusCodes.Status202Accepted).ProducesValidationProblem();
        admin.MapGet("/erasures/{jobId}", GetErasureJob)
            .WithTags(Tag).WithSummary("An erasure job's progress and receipts")
            .Produces<ErasureJobStatus>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        admin.MapGet("/audit", QueryAudit)
            .WithTags(Tag).WithSummary("Search the audit trail").Produces<AuditPageResponse>().ProducesValidationProblem()
            .WithMetadata(
                new QueryParameter("from", "Entries at or after this time (ISO 8601)."),
                new QueryParameter("to", "Entries before this time (ISO 8601)."),
                new QueryParameter("kind", "One kind of entry, such as consent-change or erasure."),
                new QueryParameter("subject", "A subject digest, as entries carry it."),
                new QueryParameter("receipt", "An erasure receipt id: the entries of the erased user."),
                new QueryParameter("limit", "Entries per page.", 1, MaxAuditLimit, DefaultAuditLimit),
                new QueryParameter("after", "The sequence number after which the page starts (the previous page's next).", 0, int.MaxValue, 0));
        admin.MapPost("/audit/search", SearchAudit)
            .WithTags(Tag).WithSummary("The audit entries about one user, found by the client's user id (pseudonymized, never stored; the search is itself recorded)")
            .Accepts<AuditSearchRequest>("application/json").Produces<AuditPageResponse>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict)
            .WithMetadata(
                new QueryParameter("from", "Entries at or after this time (ISO 8601)."),
                new QueryParameter("to", "Entries before this time (ISO 8601)."),
                new QueryParameter("kind", "One kind of entry, such as consent-change or export."),
                new QueryParameter("limit", "Entries per page.", 1, MaxAuditLimit, DefaultAuditLimit),
                new QueryParameter("after", "The sequence number after which the page starts (the previous page's next).", 0, int.MaxValue, 0));
        admin.MapGet("/erasures/{jobId}/receipts.csv", GetErasureReceipts)
            .WithTags(Tag).WithSummary("An erasure job's receipts as CSV (index in the request, status, receipt id, time)")
            .Produces<string>(StatusCodes.Status200OK, "text/csv").ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        admin.MapGet("/audit/verify", VerifyAudit).WithTags(Tag).WithSummary("Walk the audit trail's hash chain").Produces<AuditVerification>();
        admin.MapPost("/keys/rewrap", RewrapKeys).WithTags(Tag).WithSummary("Re-wrap every data key with the current master key").Produces<RewrapResponse>();
        admin.MapGet("/model", GetModel).WithTags(Tag).WithSummary("The shared model's status").Produces<ModelResponse>();
        admin.MapPost("/model/rebuild", RebuildModel)
            .WithTags(Tag).WithSummary("Rebuild the shared model from the consented contributions (a job: follow its Location)")
            .Produces<RebuildAccepted>(StatusCodes.Status202Accepted);
        admin.MapAdminJobEndpoints();
    }

    private static async Task<IResult> StartErasureJob(HttpContext http, IGrainFactory grains, UserPseudonymizer pseudonymizer, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<ErasureJobRequest>(http.Request, cancellationToken);
        if (!body.IsValid)
        {
            return body.Problem!;
        }

        var request = body.Value!;
        var errors = new Dictionary<string, string[]>();
        if (request.UserIds is not { Count: > 0 and <= ErasureJobRequest.MaxUsers })
        {
            errors["userIds"] = [$"Give 1 to {ErasureJobRequest.MaxUsers} user ids."];
        }
        else if (request.UserIds.Any(id => !UserIds.IsValid(id)))
        {
            errors["userIds"] = ["Every user id must follow the rule: " + UserIdentifiers.Rule];
        }

        if (request.Reason is { } reason && (reason.Length > ErasureJobRequest.MaxReasonLength || reason.Any(char.IsControl)))
        {
            errors["reason"] = [$"At most {ErasureJobRequest.MaxReasonLength} characters without control characters."];
        }

        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        var jobId = Guid.NewGuid().ToString("N");
        ImmutableArray<string> keys = [.. request.UserIds!.Select(pseudonymizer.KeyFor)];
        await grains.GetGrain<IErasureJobGrain>(jobId).Start(keys, ReasonWithoutUserIds(request.Reason, request.UserIds!), ActorRole.Of(http));
        return TypedResults.Accepted(AdminJobEndpoints.Beside(http, "/erasures/" + jobId), new ErasureJobAccepted(jobId));
    }

    private static async Task<IResult> GetErasureJob(string jobId, IGrainFactory grains)
    {
        if (!JobIds.IsValid(jobId))
        {
            return Problems.Invalid("jobId", JobIds.Rule);
        }

        var status = await grains.GetGrain<IErasureJobGrain>(jobId).GetStatus();
        return status is null ? Problems.NotFound("No erasure job has this id.") : TypedResults.Ok(status);
    }

    /// <summary>The receipts for the requester's records: one row per requested id, by its position in the request (the ids themselves are not kept).</summary>
    private static async Task<IResult> GetErasureReceipts(string jobId, IGrainFactory grains)
    {
        if (!JobIds.IsValid(jobId))
        {
            return Problems.Invalid("jobId", JobIds.Rule);
        }

        var status = await grains.GetGrain<IErasureJobGrain>(jobId).GetStatus();
        return status is null
            ? Problems.NotFound("No erasure job has this id.")
            : TypedResults.File(ErasureReceiptsCsv.Write(status), "text/csv", $"erasure-{jobId}-receipts.csv");
    }

    private static async Task<IResult> QueryAudit(HttpContext http, IGrainFactory grains)
    {
        var errors = new Dictionary<string, string[]>();
        var query = ReadAuditQuery(http.Request, errors, allowSubject: true);
        return errors.Count > 0 ? Problems.Validation(errors) : await AuditPageAsync(grains, query!);
    }

    /// <summary>
    /// The entries about one user, found by the client's own id: pseudonymized here, the user's grain
    /// names the subject their entries carry (and records that an admin looked), and the id is
    /// dropped. A user the store knows nothing about has no entries.
    /// </summary>
    private static async Task<IResult> SearchAudit(HttpContext http, IGrainFactory grains, UserPseudonymizer pseudonymizer, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<AuditSearchRequest>(http.Request, cancellationToken);
        if (!body.IsValid)
        {
            return body.Problem!;
        }

        var errors = new Dictionary<string, string[]>();
        if (body.Value!.UserId is not { } userId || !UserIds.IsValid(userId))
        {
            errors["userId"] = ["Give the user's id, following the rule: " + UserIdentifiers.Rule];
        }

        var query = ReadAuditQuery(http.Request, errors, allowSubject: false);
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        string? subject;
        try
        {
            subject = await grains.Reference<IUserGrain>(pseudonymizer.KeyFor(body.Value.UserId!)).LookUpAuditSubject(ActorRole.Of(http));
        }
        catch (UserStateUnreadableException)
        {
            return Problems.StateUnreadable();
        }

        if (subject is null)
        {
            return TypedResults.Ok(new AuditPageResponse([], null));
        }

        // The entries come without their subject: the person's random audit name is not handed to
        // someone who just typed their id, so nothing ties it to them once they are erased (P6).
        return await AuditPageAsync(grains, query! with { SubjectDigest = subject }, e => e with { SubjectDigest = null });
    }

    private static AuditQuery? ReadAuditQuery(HttpRequest request, Dictionary<string, string[]> errors, bool allowSubject)
    {
        QueryParameters.TryString(request, "from", out var fromText, errors);
        QueryParameters.TryString(request, "to", out var toText, errors);
        QueryParameters.TryString(request, "kind", out var kind, errors);
        QueryParameters.TryString(request, "subject", out var subject, errors);
        QueryParameters.TryString(request, "receipt", out var receipt, errors);
        QueryParameters.TryInt(request, "limit", DefaultAuditLimit, 1, MaxAuditLimit, out var limit, errors);
        QueryParameters.TryInt(request, "after", 0, 0, int.MaxValue, out var after, errors);
        DateTimeOffset? from = null, to = null;
        if (fromText is not null)
        {
            from = Timestamps.TryParse(fromText, out var f) ? f : Error(errors, "from");
        }

        if (toText is not null)
        {
            to = Timestamps.TryParse(toText, out var t) ? t : Error(errors, "to");
        }

        if (kind is not null && !AuditKinds.All.Contains(kind))
        {
            errors["kind"] = [$"Must be one of: {string.Join(", ", AuditKinds.All)}."];
        }

        if (!allowSubject)
        {
            if ((subject ?? receipt) is not null)
            {
                errors[subject is null ? "receipt" : "subject"] = ["A search by user id names its subject itself."];
            }
        }
        else if (subject is not null && (subject.Length != 32 || !subject.All(char.IsAsciiHexDigitLower)))
        {
            errors["subject"] = ["A subject digest is 32 lower-case hex digits."];
        }
        else if (receipt is not null && (receipt.Length != 32 || !receipt.All(char.IsAsciiHexDigitLower)))
        {
            // An erasure is recorded under its receipt: whoever holds the receipt can find and prove it.
            errors["receipt"] = ["A receipt id is 32 lower-case hex digits."];
        }
        else if (receipt is not null && subject is not null)
        {
            errors["receipt"] = ["Give either subject or receipt."];
        }

        return errors.Count > 0 ? null : new AuditQuery(from, to, kind, receipt is null ? subject : AuditSubjects.ForReceipt(receipt), limit, after > 0 ? after : null);
    }

    private static async Task<IResult> AuditPageAsync(IGrainFactory grains, AuditQuery query, Func<AuditEntry, AuditEntry>? shown = null)
    {
        var entries = await grains.GetGrain<IOperationsGrain>(0).QueryAudit(query);

        // A full page names where the next one starts (?after=), so every entry can be read.
        var next = entries.Count == query.Limit ? entries[^1].Sequence : (long?)null;
        return TypedResults.Ok(new AuditPageResponse(shown is null ? entries : [.. entries.Select(shown)], next));
    }

    /// <summary>Walks the whole hash chain: 200 either way, with where it breaks when it does.</summary>
    private static async Task<IResult> VerifyAudit(IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<IOperationsGrain>(0).VerifyAudit());

    /// <summary>After a new master key is made current: re-wraps every data key with it, so the old one can retire.</summary>
    private static async Task<IResult> RewrapKeys(IGrainFactory grains) =>
        TypedResults.Ok(new RewrapResponse(await grains.GetGrain<IOperationsGrain>(0).RewrapKeys(ActorRoles.Admin)));

    private static async Task<IResult> GetModel(IGrainFactory grains)
    {
        // A few numbers, not the model: the snapshot itself is tens of MiB at scale.
        var model = await grains.GetGrain<IOperationsGrain>(0).GetModelStatus();
        var weights = model.Ranking;
        var report = model.LastTraining is { } r
            ? new LastTrainingResponse(r.TrainedAt, r.TrainingUsers, r.ValidationUsers, r.HandSetRecallAt20, r.LearnedRecallAt20, r.Adopted)
            : null;
        var ranking = new RankingResponse(weights.Origin, weights.Similarity, weights.Interest, weights.Popularity, weights.LogPopularity, weights.Affinity, report);
        return TypedResults.Ok(new ModelResponse(model.ModelVersion, model.BuiltAt, model.Contributors, model.Items, model.Interactions, model.MinimumSupport, ranking, new DenseModelResponse(model.DenseItems, model.DenseCurrent)));
    }

    /// <summary>
    /// The rebuild visits every stored user, so it runs as a job: 202 with the body it always had
    /// (<c>status: rebuilding</c>) and the job's id, and the job's status resource as Location.
    /// </summary>
    private static async Task<IResult> RebuildModel(HttpContext http, IGrainFactory grains)
    {
        var job = await AdminJobEndpoints.StartJobAsync(http, grains, AdminJobKinds.ModelRebuild);
        return TypedResults.Accepted(AdminJobEndpoints.Beside(http, "/jobs/" + job.JobId), new RebuildAccepted("rebuilding", job.JobId));
    }

    private static DateTimeOffset? Error(Dictionary<string, string[]> errors, string field)
    {
        errors[field] = ["Must be an ISO-8601 time with an offset, such as 2026-11-29T10:00:00Z."];
        return null;
    }

    /// <summary>Free text must not carry a user id into the audit trail: a reason that names one is withheld.</summary>
    private static string? ReasonWithoutUserIds(string? reason, IEnumerable<string> userIds) =>
        reason is not null && userIds.Any(id => reason.Contains(id, StringComparison.OrdinalIgnoreCase))
            ? "[withheld: the reason contained a user id]"
            : reason;
}
