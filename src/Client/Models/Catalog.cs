namespace OrleansPersonalization.Client.Models;

public sealed record ItemUpdate(string Category, IReadOnlyList<string> Tags, bool Available = true);

public sealed record BatchItem(string ItemId, string Category, IReadOnlyList<string> Tags, bool Available = true);

public sealed record Item(string ItemId, string Category, IReadOnlyList<string> Tags, bool Available);

public sealed record BatchResult(int Upserted);
