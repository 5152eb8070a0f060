using OrleansPersonalization.Domain.Catalog;
using OrleansPersonalization.Domain.Model;

namespace OrleansPersonalization.Domain.Recommendations;

public static class ModelVersions
{
    /// <summary>Names exactly which model and catalog an answer was computed from.</summary>
    public static string Of(PopularityModel model, CatalogSnapshot catalog)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(catalog);
        return $"popularity-{model.Version}.catalog-{catalog.Version}";
    }
}
