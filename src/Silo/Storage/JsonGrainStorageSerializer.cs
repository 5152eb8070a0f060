using System.Text.Json;
using Orleans.Storage;
using OrleansPersonalization.Silo.Storage.Sqlite;

namespace OrleansPersonalization.Silo.Storage;

/// <summary>
/// Grain state as plain JSON of the record's properties, without CLR type names, so renaming or
/// moving a state type never orphans stored rows. Used by the ADO.NET provider on PostgreSQL; the
/// embedded store writes the same JSON.
/// </summary>
public sealed class JsonGrainStorageSerializer : IGrainStorageSerializer
{
    public BinaryData Serialize<T>(T? input) => BinaryData.FromBytes(JsonSerializer.SerializeToUtf8Bytes(input, GrainStateJson.Options));

    public T Deserialize<T>(BinaryData input) => StoredRows.Deserialize<T>(input.ToMemory().Span);
}
