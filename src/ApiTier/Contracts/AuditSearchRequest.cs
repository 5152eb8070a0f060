using OrleansPersonalization.Api.Http;
using OrleansPersonalization.Domain.Privacy;

namespace OrleansPersonalization.Api.Contracts;

/// <summary>
/// The client's own id of the user whose entries an admin looks for. In the body, never in the URL,
/// so it reaches no access log or proxy; pseudonymized on arrival and never stored.
/// </summary>
public sealed record AuditSearchRequest([property: PersonalData] string? UserId) : IRequestBody
{
    public static IReadOnlyList<string> Fields { get; } = ["userId"];
}
