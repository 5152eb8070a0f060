namespace OrleansPersonalization.Storage;

/// <summary>Provider and state names. Every grain type has its own state name so keys never collide.</summary>
public static class StorageNames
{
    public const string Provider = "personalization";
    public const string UserState = "user";
    public const string CatalogState = "catalog";
    public const string ModelState = "model";
    public const string ErasureJobState = "erasure-job";
    public const string AdminJobState = "admin-job";
}
