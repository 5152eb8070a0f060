using OrleansPersonalization.Domain.Model;

namespace OrleansPersonalization.Contracts;

/// <summary>The shared model's sufficient statistics (one activation, key <see cref="Key"/>).</summary>
[Alias("model")]
public interface IModelGrain : IGrainWithStringKey
{
    const string Key = "default";

    [Alias("apply")]
    Task Apply(ContributionDelta delta);

    [Alias("get-model")]
    Task<PopularityModel> GetModel();

    [Alias("replace")]
    Task<PopularityModel> Replace(PopularityModel rebuilt);
}

/// <summary>Rebuilds the shared model from scratch over the stored contributions.</summary>
[Alias("model-rebuilder")]
public interface IModelRebuilderGrain : IGrainWithStringKey
{
    const string Key = "default";

    [Alias("rebuild")]
    Task<PopularityModel> Rebuild(string actorRole);
}
