using OrleansPersonalization.Api.Documentation;
using System.Collections.Immutable;
using OrleansPersonalization.Api.Contracts;
using OrleansPersonalization.Api.Http;
using OrleansPersonalization.Api.Telemetry;
using OrleansPersonalization.Api.Security;
using OrleansPersonalization.Api.Validation;
using OrleansPersonalization.Contracts;
using Microsoft.Extensions.Options;
using OrleansPersonalization.Domain.Consent;
using OrleansPersonalization.Domain.Privacy;

namespace OrleansPersonalization.Api.Endpoints;

public static class ConsentEndpoints
{
    private const string Tag = "Consent";

    public const string DefaultSource = "api";

    public static void MapConsentEndpoints(this RouteGroupBuilder users)
    {
        users.MapGet("/consent", GetConsent).WithTags(Tag).WithSummary("The user's consent per purpose").Produces<ConsentResponse>().AllowUserToken();
        users.MapPut("/consent", PutConsent).AllowUserToken()
            .WithTags(Tag).WithSummary("Grant or withdraw purposes").Accepts<ConsentRequest>("application/json")
            .Produces<ConsentResponse>().ProducesValidationProblem();
    }

    private static async Task<IResult> GetConsent(HttpContext http, IGrainFactory grains)
    {
        var ledger = await UserKeyFilter.UserGrain(http, grains).GetConsent();
        return TypedResults.Ok(ToResponse(ledger));
    }

    private static async Task<IResult> PutConsent(HttpContext http, IGrainFactory grains, IOptions<PrivacyOptions> privacy, ProductMetrics metrics, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<ConsentRequest>(http.Request, cancellationToken);
        if (!body.IsValid)
        {
            return body.Problem!;
        }

        var request = body.Value!;
        var errors = new Dictionary<string, string[]>();
        var allowed = string.Join(", ", Purposes.All.Select(p => p.Id));
        if (request.Purposes is null || request.Purposes.Count == 0)
        {
            errors["purposes"] = [$"Give at least one purpose: {allowed}."];
        }
        else if (request.Purposes.Keys.Any(p => !Purposes.IsKnown(p)))
        {
            errors["purposes"] = [$"Unknown purpose. Purposes: {allowed} (see GET /v1/privacy/notice)."];
        }

        if (!PolicyVersions.IsValid(request.PolicyVersion))
        {
            errors["policyVersion"] = ["Required. " + PolicyVersions.Rule];
        }

        var sources = privacy.Value.AllConsentSources();
        if (request.Source is not null && !sources.Contains(request.Source, StringComparer.Ordinal))
        {
            errors["source"] = [$"One of: {string.Join(", ", sources)} (see GET /v1/privacy/notice)."];
        }

        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        var command = new ConsentCommand(
            request.Purposes!.ToImmutableSortedDictionary(StringComparer.Ordinal),
            request.PolicyVersion!,
            request.Source ?? DefaultSource,
            ActorRole.Of(http));
        var ledger = await UserKeyFilter.UserGrain(http, grains).SetConsent(command);
        foreach (var (purpose, granted) in command.Purposes)
        {
            metrics.ConsentChanged(purpose, granted);
        }

        return TypedResults.Ok(ToResponse(ledger));
    }

    public static ConsentResponse ToResponse(ConsentLedger ledger) =>
        new(Purposes.All.ToDictionary(p => p.Id, p => ToResponse(ledger.DecisionFor(p.Id))));

    public static ConsentDecisionResponse ToResponse(ConsentDecision decision) =>
        new(decision.Granted, decision.At, decision.PolicyVersion, decision.Source);
}
