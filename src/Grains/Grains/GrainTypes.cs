namespace OrleansPersonalization.Grains;

/// <summary>Stable grain type names: they appear in storage rows, so they must not follow class renames.</summary>
public static class GrainTypes
{
    public const string User = "user";
}
