using System.Collections.Immutable;
using OrleansPersonalization.Api.Contracts;
using OrleansPersonalization.Api.Http;
using OrleansPersonalization.Api.Security;
using OrleansPersonalization.Api.Validation;
using OrleansPersonalization.Contracts;
using OrleansPersonalization.Domain.Consent;

namespace OrleansPersonalization.Api.Endpoints;

public static class ConsentEndpoints
{
    public const string DefaultSource = "api";

    public static void MapConsentEndpoints(this RouteGroupBuilder users)
    {
        users.MapGet("/consent", GetConsent);
        users.MapPut("/consent", PutConsent);
    }

    private static async Task<IResult> GetConsent(HttpContext http, IGrainFactory grains)
    {
        var ledger = await UserKeyFilter.UserGrain(http, grains).GetConsent();
        return TypedResults.Ok(ToResponse(ledger));
    }

    private static async Task<IResult> PutConsent(HttpContext http, IGrainFactory grains, CancellationToken cancellationToken)
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

        if (!Tokens.IsValid(request.PolicyVersion))
        {
            errors["policyVersion"] = ["Required: 1 to 64 characters of A-Z, a-z, 0-9, '.', '_', ':' or '-'."];
        }

        if (request.Source is not null && !Tokens.IsValid(request.Source))
        {
            errors["source"] = ["1 to 64 characters of A-Z, a-z, 0-9, '.', '_', ':' or '-'."];
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
        return TypedResults.Ok(ToResponse(ledger));
    }

    public static ConsentResponse ToResponse(ConsentLedger ledger) =>
        new(Purposes.All.ToDictionary(p => p.Id, p => ToResponse(ledger.DecisionFor(p.Id))));

    public static ConsentDecisionResponse ToResponse(ConsentDecision decision) =>
        new(decision.Granted, decision.At, decision.PolicyVersion, decision.Source);
}
