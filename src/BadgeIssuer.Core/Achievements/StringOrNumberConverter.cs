using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace BadgeIssuer.Core.Achievements;

/// <summary>
/// OB 3.0 writes scores and levels as strings; callers often send numbers. This accepts a JSON string or number and
/// keeps a number's exact text (<c>87.5</c> stays <c>"87.5"</c>).
/// </summary>
public sealed class StringOrNumberConverter : JsonConverter<string>
{
    /// <inheritdoc />
    public override bool HandleNull => false;

    /// <inheritdoc />
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.String => reader.GetString(),
        JsonTokenType.Number => System.Text.Encoding.UTF8.GetString(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan),
        _ => throw new JsonException("The JSON value could not be converted to System.String."),
    };

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value);
    }
}
