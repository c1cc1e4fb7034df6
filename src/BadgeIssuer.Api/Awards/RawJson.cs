using System.Text.Json;
using System.Text.Json.Serialization;

namespace BadgeIssuer.Api.Awards;

/// <summary>
/// A JSON value written out exactly as it was stored: a signed credential is sent byte for byte as signed, without
/// being parsed and serialized again.
/// </summary>
[JsonConverter(typeof(RawJsonConverter))]
public readonly record struct RawJson(string Json);

/// <summary>Writes <see cref="RawJson"/> unchanged; reads any JSON value as its text.</summary>
internal sealed class RawJsonConverter : JsonConverter<RawJson>
{
    public override RawJson Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using JsonDocument document = JsonDocument.ParseValue(ref reader);
        return new RawJson(document.RootElement.GetRawText());
    }

    // The text was produced by this service's own serializer when the credential was signed.
    public override void Write(Utf8JsonWriter writer, RawJson value, JsonSerializerOptions options) => writer.WriteRawValue(value.Json, skipInputValidation: true);
}
