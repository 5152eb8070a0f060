namespace OrleansPersonalization.Api.Documentation;

/// <summary>
/// A query parameter an endpoint reads itself (through <c>QueryParameters</c>, so that every bad
/// value is a 400 problem naming the parameter rather than the binder's own error), declared for
/// the document.
/// </summary>
public sealed record QueryParameter(string Name, string Description, int? Minimum = null, int? Maximum = null, int? Default = null)
{
    public bool IsInteger => Minimum is not null || Maximum is not null;
}
