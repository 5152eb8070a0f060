using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrleansPersonalization.Silo.Storage.Sqlite;

/// <summary>
/// How state records are written to the store: plain camelCase JSON of the record's properties,
/// no CLR type names, so renaming or moving a type never orphans stored rows.
/// </summary>
public static class GrainStateJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
