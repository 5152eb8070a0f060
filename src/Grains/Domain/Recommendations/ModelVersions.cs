using OrleansPersonalization.Domain.Catalog;
using OrleansPersonalization.Domain.Model;

namespace OrleansPersonalization.Domain.Recommendations;

public static class ModelVersions
{
    /// <summary>Names exactly which model snapshot and catalog an answer was computed from.</summary>
    public static string Of(ModelSnapshot model, CatalogSnapshot catalog)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(catalog);
        return Of(model, catalog.Version);
    }

    public static string Of(ModelSnapshot model, long catalogVersion)
    {
        ArgumentNullException.ThrowIfNull(model);
        return $"model-{model.Version}.catalog-{catalogVersion}";
    }
}
