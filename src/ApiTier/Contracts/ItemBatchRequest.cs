using OrleansPersonalization.Api.Http;

namespace OrleansPersonalization.Api.Contracts;

public sealed record BatchItem(string? ItemId, string? Category, List<string>? Tags, bool? Available);

public sealed record ItemBatchRequest(List<BatchItem>? Items) : IRequestBody
{
    public const int MaxItems = 10_000;

    /// <summary>10,000 items with the longest ids and every tag allowed take about 8 MiB; typical imports a tenth of it.</summary>
    public static int MaxBytes => JsonBody.CatalogMaxBytes;

    public static IReadOnlyList<string> Fields { get; } = ["items"];

    public static IReadOnlyDictionary<string, IReadOnlyList<string>> NestedFields { get; } =
        new Dictionary<string, IReadOnlyList<string>> { ["items"] = ["itemId", "category", "tags", "available"] };
}

public sealed record ItemBatchResponse(int Upserted);
