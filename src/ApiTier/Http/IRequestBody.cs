namespace OrleansPersonalization.Api.Http;

/// <summary>A request body type: names its fields so unknown ones are rejected by name.</summary>
public interface IRequestBody
{
    static abstract IReadOnlyList<string> Fields { get; }

    /// <summary>Fields whose values are arrays of objects with their own fields.</summary>
    static virtual IReadOnlyDictionary<string, IReadOnlyList<string>> NestedFields { get; } =
        new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>The largest body accepted; bulk bodies raise it so their stated maximum count fits.</summary>
    static virtual int MaxBytes => JsonBody.DefaultMaxBytes;
}
