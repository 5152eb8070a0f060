namespace OrleansPersonalization.Tools.Import;

/// <summary>One catalog item as the batch endpoint takes it.</summary>
public sealed record CatalogRow(string ItemId, string Category, IReadOnlyList<string> Tags, bool Available);
