using OrleansPersonalization.Api.Documentation;
using System.Collections.Immutable;
using Microsoft.Extensions.Options;
using OrleansPersonalization.Api.Contracts;
using OrleansPersonalization.Api.Http;
using OrleansPersonalization.Api.Telemetry;
using OrleansPersonalization.Api.Validation;
using OrleansPersonalization.Contracts;
using OrleansPersonalization.Domain.Behaviour;
using OrleansPersonalization.Domain.Privacy;
using OrleansPersonalization.Domain.Pseudonymization;
using OrleansPersonalization.Storage;

namespace OrleansPersonalization.Api.Endpoints;

public static class EventEndpoints
{
    private const string Tag = "Events";

    // Event ingestion is idempotent (event ids), so a request may be replayed after a silo failure.
    public static void MapUserEventEndpoints(this RouteGroupBuilder users) => users.MapPost("/events", PostEvent).WithMetadata(ReplaySafe.Instance)
        .WithTags(Tag).WithSummary("Record one event").Accepts<EventRequest>("application/json")
        .Produces<EventAcceptedResponse>(StatusCodes.Status202Accepted).ProducesValidationProblem();

    public static void MapBulkEventEndpoints(this RouteGroupBuilder v1) => v1.MapPost("/events", PostBulkEvents).WithMetadata(ReplaySafe.Instance)
        .WithTags(Tag).WithSummary("Record up to 1,000 events of many users").Accepts<BulkEventsRequest>("application/json")
        .Produces<BulkEventsResponse>(StatusCodes.Status202Accepted).ProducesValidationProblem();

    private static async Task<IResult> PostEvent(
        HttpContext http, IGrainFactory grains, IOptions<PrivacyOptions> privacy, ProductMetrics metrics,
        [FromKeyedServices(Clocks.Domain)] TimeProvider clock, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<EventRequest>(http.Request, cancellationToken);
        if (!body.IsValid)
        {
            return body.Problem!;
        }

        var request = body.Value!;
        var errors = new Dictionary<string, string[]>();
        var skew = TimeSpan.FromSeconds(privacy.Value.AllowedClockSkewSeconds);
        var behaviour = EventRules.Validate(request.ItemId, request.Type, request.At, request.Value, request.EventId, clock.GetUtcNow(), skew, "", errors);
        if (behaviour is null)
        {
            return Problems.Validation(errors);
        }

        behaviour = behaviour with { EventId = behaviour.EventId ?? RequestEventIds.For(http, 0) };
        var outcome = await UserKeyFilter.UserGrain(http, grains).RecordEvents([behaviour]);
        metrics.Events(outcome.Recorded, outcome.Dropped, outcome.Reason);
        return TypedResults.Accepted((string?)null, new EventAcceptedResponse(outcome.Recorded > 0, outcome.Recorded > 0 ? null : outcome.Reason));
    }

    private static async Task<IResult> PostBulkEvents(
        HttpContext http, IGrainFactory grains, UserPseudonymizer pseudonymizer, IOptions<PrivacyOptions> privacy, ProductMetrics metrics,
        [FromKeyedServices(Clocks.Domain)] TimeProvider clock, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<BulkEventsRequest>(http.Request, cancellationToken);
        if (!body.IsValid)
        {
            return body.Problem!;
        }

        var events = body.Value!.Events;
        if (events is null || events.Count == 0 || events.Count > BulkEventsRequest.MaxEvents)
        {
            return Problems.Invalid("events", $"Give 1 to {BulkEventsRequest.MaxEvents} events.");
        }

        var errors = new Dictionary<string, string[]>();
        var now = clock.GetUtcNow();
        var skew = TimeSpan.FromSeconds(privacy.Value.AllowedClockSkewSeconds);
        var accepted = new List<(string UserKey, BehaviourEvent Event)>(events.Count);
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            var prefix = $"events[{i}].";
            if (e is null)
            {
                errors[$"events[{i}]"] = ["Must be an object."];
                continue;
            }

            if (!UserIds.IsValid(e.UserId))
            {
                errors[prefix + "userId"] = [UserIdentifiers.Rule];
            }

            var behaviour = EventRules.Validate(e.ItemId, e.Type, e.At, e.Value, e.EventId, now, skew, prefix, errors);
            if (behaviour is not null && errors.Count == 0)
            {
                accepted.Add((pseudonymizer.KeyFor(e.UserId!), behaviour with { EventId = behaviour.EventId ?? RequestEventIds.For(http, i) }));
            }
        }

        if (errors.Count > 0)
        {
            return Problems.Validation(errors, "At least one event is invalid; nothing was recorded.");
        }

        var outcomes = await Task.WhenAll(accepted
            .GroupBy(a => a.UserKey, StringComparer.Ordinal)
            .Select(g => grains.Reference<IUserGrain>(g.Key).RecordEvents([.. g.Select(a => a.Event)])));
        foreach (var outcome in outcomes)
        {
            metrics.Events(outcome.Recorded, outcome.Dropped, outcome.Reason);
        }

        return TypedResults.Accepted((string?)null, new BulkEventsResponse(outcomes.Sum(o => o.Recorded), outcomes.Sum(o => o.Dropped)));
    }
}
