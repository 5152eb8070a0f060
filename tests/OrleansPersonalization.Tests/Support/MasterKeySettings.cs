namespace OrleansPersonalization.Tests.Support;

/// <summary>The configuration that gives a silo exactly these master keys (the last one current).</summary>
public static class MasterKeySettings
{
    public static Dictionary<string, string?> Of(params (string Id, string Key)[] keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var settings = new Dictionary<string, string?>();
        for (var i = 0; i < keys.Length; i++)
        {
            settings[$"Protection:MasterKeys:{i}:Id"] = keys[i].Id;
            settings[$"Protection:MasterKeys:{i}:Key"] = keys[i].Key;
        }

        return settings;
    }
}
