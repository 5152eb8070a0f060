using OrleansPersonalization.Domain.Behaviour;
using OrleansPersonalization.Domain.Catalog;

namespace OrleansPersonalization.Api.Validation;

/// <summary>Turns a submitted event into a domain event, or names every field that is wrong.</summary>
public static class EventRules
{
    public const double MinRating = 0.5;
    public const double MaxRating = 5.0;

    /// <param name="eventId">The client's optional id; the endpoint assigns one when it is absent (see <see cref="Http.RequestEventIds"/>).</param>
    public static BehaviourEvent? Validate(
        string? itemId, string? type, string? at, double? value, string? eventId,
        DateTimeOffset now, TimeSpan allowedSkew, string prefix, Dictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var before = errors.Count;
        if (!CatalogRules.IsValidItemId(itemId))
        {
            errors[prefix + "itemId"] = ["Required: 1 to 128 characters of A-Z, a-z, 0-9, '.', '_', ':' or '-'."];
        }

        if (!EventTypes.TryParse(type, out var eventType))
        {
            errors[prefix + "type"] = [$"Must be one of: {string.Join(", ", EventTypes.Names)}."];
        }
        else if (eventType == EventType.Rating && (value is not { } rating || rating < MinRating || rating > MaxRating || double.IsNaN(rating)))
        {
            errors[prefix + "value"] = [$"A rating needs a value from {MinRating} to {MaxRating}."];
        }
        else if (eventType != EventType.Rating && value is not null)
        {
            errors[prefix + "value"] = ["Only rating events carry a value."];
        }

        if (eventId is not null && !Tokens.IsValid(eventId))
        {
            errors[prefix + "eventId"] = [$"1 to {Tokens.MaxLength} characters of A-Z, a-z, 0-9, '.', '_', ':' or '-'."];
        }

        var time = now;
        if (at is not null)
        {
            if (!Timestamps.TryParse(at, out time))
            {
                errors[prefix + "at"] = ["Must be an ISO-8601 time with an offset, such as 2026-11-29T10:00:00Z."];
            }
            else if (time > now + allowedSkew)
            {
                errors[prefix + "at"] = ["Must not be in the future."];
            }
        }

        return errors.Count > before
            ? null
            : new BehaviourEvent(itemId!, eventType, time, eventType == EventType.Rating ? value : null, eventId);
    }
}
