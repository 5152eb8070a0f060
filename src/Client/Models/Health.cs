namespace OrleansPersonalization.Client.Models;

public sealed record Readiness(string Status, string Cluster, string Store);
