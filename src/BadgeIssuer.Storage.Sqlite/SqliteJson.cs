using System.Text.Json;
using System.Text.Json.Serialization;

namespace BadgeIssuer.Storage.Sqlite;

/// <summary>The one place stored documents become the JSON of a <c>doc</c> column and back.</summary>
public static class SqliteJson
{
    /// <summary>camelCase documents; a null field is left out (reading it back gives null again).</summary>
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    /// <summary>A document read back from the <c>doc</c> column.</summary>
    public static T Deserialize<T>(string json) => JsonSerializer.Deserialize<T>(json, Options) ?? throw new InvalidDataException("A stored document is empty.");

    /// <summary>A document serialized for the <c>doc</c> column.</summary>
    public static string Serialize<T>(T document) => JsonSerializer.Serialize(document, Options);
}
