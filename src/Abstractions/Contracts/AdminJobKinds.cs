namespace OrleansPersonalization.Contracts;

public static class AdminJobKinds
{
    public const string ModelRebuild = "model-rebuild";
    public const string KeyRewrap = "key-rewrap";
    public const string AuditVerify = "audit-verify";

    public static IReadOnlyList<string> All { get; } = [ModelRebuild, KeyRewrap, AuditVerify];
}
