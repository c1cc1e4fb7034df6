// RFC 8785 JSON Canonicalization Scheme (JCS): members sorted by UTF-16 code units, no whitespace, ECMAScript number
// serialization (§3.2.2.3), strings escaped as ECMAScript JSON.stringify does (§3.2.2.2), UTF-8 output.
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace BadgeIssuer.LinkedData.Jcs;

/// <summary>RFC 8785 canonical JSON.</summary>
public static class Jcs
{
    /// <summary>The deepest nesting accepted.</summary>
    public const int MaxDepth = 128;

    private static readonly JsonDocumentOptions Strict = new() { MaxDepth = MaxDepth, AllowDuplicateProperties = false };

    /// <summary>The canonical form of a JSON text.</summary>
    /// <exception cref="JcsException">The text is not JSON that I-JSON (RFC 7493) accepts.</exception>
    public static string Canonicalize(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using JsonDocument document = JsonDocument.Parse(json, Strict);
            return Canonicalize(document.RootElement);
        }
        catch (JsonException ex)
        {
            throw new JcsException($"Not valid I-JSON: {ex.Message}", ex);
        }
    }

    /// <summary>The canonical form of a JSON node (<c>null</c> is the JSON literal null).</summary>
    public static string Canonicalize(JsonNode? node)
    {
        if (node is null) return "null";
        JsonElement element;
        try
        {
            element = JsonSerializer.SerializeToElement(node);
        }
        catch (ArgumentException ex)
        {
            throw new JcsException($"The JSON cannot be canonicalized: {ex.Message}", ex);
        }
        return Canonicalize(element);
    }

    /// <summary>The canonical form of a JSON element.</summary>
    public static string Canonicalize(JsonElement element)
    {
        StringBuilder output = new();
        Write(output, element, 0);
        return output.ToString();
    }

    /// <summary>The canonical form as UTF-8 bytes, which is what gets hashed or signed.</summary>
    public static byte[] CanonicalizeToUtf8(JsonElement element) => Encoding.UTF8.GetBytes(Canonicalize(element));

    private static void Write(StringBuilder output, JsonElement element, int depth)
    {
        if (depth > MaxDepth) throw new JcsException($"JSON nested deeper than {MaxDepth} levels.");
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
            {
                List<(string Name, JsonElement Value)> members = [];
                HashSet<string> names = new(StringComparer.Ordinal);
                foreach (JsonProperty property in element.EnumerateObject())
                {
                    string name = Text(property.Name);
                    if (!names.Add(name)) throw new JcsException($"The member name \"{name}\" appears twice (RFC 8785 §3.1 requires I-JSON).");
                    members.Add((name, property.Value));
                }
                members.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
                output.Append('{');
                for (int i = 0; i < members.Count; i++)
                {
                    if (i > 0) output.Append(',');
                    WriteString(output, members[i].Name);
                    output.Append(':');
                    Write(output, members[i].Value, depth + 1);
                }
                output.Append('}');
                break;
            }
            case JsonValueKind.Array:
            {
                output.Append('[');
                bool first = true;
                foreach (JsonElement item in element.EnumerateArray())
                {
                    if (!first) output.Append(',');
                    first = false;
                    Write(output, item, depth + 1);
                }
                output.Append(']');
                break;
            }
            case JsonValueKind.String:
                WriteString(output, Text(element));
                break;
            case JsonValueKind.Number:
                if (!element.TryGetDouble(out double number) || !double.IsFinite(number))
                    throw new JcsException($"The number {element.GetRawText()} is outside the IEEE-754 double range (RFC 8785 §3.2.2.3).");
                output.Append(EcmaScriptNumber.ToString(number));
                break;
            case JsonValueKind.True:
                output.Append("true");
                break;
            case JsonValueKind.False:
                output.Append("false");
                break;
            case JsonValueKind.Null:
                output.Append("null");
                break;
            default:
                throw new JcsException($"Unexpected JSON value kind {element.ValueKind}.");
        }
    }

    private static string Text(JsonElement element)
    {
        try
        {
            return Valid(element.GetString()!);
        }
        catch (InvalidOperationException ex)
        {
            throw new JcsException("A string is not valid Unicode (RFC 8785 §3.2.2.2 forbids lone surrogates).", ex);
        }
    }

    private static string Text(string name) => Valid(name);

    private static string Valid(string text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) i++;
            else if (char.IsSurrogate(c)) throw new JcsException($"A string holds a lone surrogate U+{(int)c:X4} (RFC 8785 §3.2.2.2).");
        }
        return text;
    }

    /// <summary>RFC 8785 §3.2.2.2: escape only '"', '\\' and U+0000–U+001F (with the short forms), lower-case hex.</summary>
    private static void WriteString(StringBuilder output, string value)
    {
        output.Append('"');
        foreach (char c in value)
        {
            switch (c)
            {
                case '"': output.Append("\\\""); break;
                case '\\': output.Append("\\\\"); break;
                case '\b': output.Append("\\b"); break;
                case '\f': output.Append("\\f"); break;
                case '\n': output.Append("\\n"); break;
                case '\r': output.Append("\\r"); break;
                case '\t': output.Append("\\t"); break;
                case < ' ': output.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)); break;
                default: output.Append(c); break;
            }
        }
        output.Append('"');
    }
}
