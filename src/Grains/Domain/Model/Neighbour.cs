namespace OrleansPersonalization.Domain.Model;

[GenerateSerializer, Immutable, Alias("neighbour")]
public readonly record struct Neighbour([property: Id(0)] string ItemId, [property: Id(1)] double Similarity);
