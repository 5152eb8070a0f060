namespace OrleansPersonalization.Api.Contracts;

/// <summary>A rebuild started: <c>status</c> as the endpoint always answered, and the job that follows it (<c>GET /v1/admin/jobs/{jobId}</c>).</summary>
public sealed record RebuildAccepted(string Status, string JobId);
