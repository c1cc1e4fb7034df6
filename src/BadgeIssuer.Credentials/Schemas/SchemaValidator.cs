// JSON Schema draft 2019-09 (draft-handrews-json-schema-02, -validation-02), the keywords the pinned OB 3.0 and CLR 2.0
// schemas use.
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace BadgeIssuer.Credentials.Schemas;

/// <summary>
/// A yes/no validator compiled once from a pinned schema document: each subschema becomes a node holding its keywords'
/// parsed values (regular expressions compiled, <c>$ref</c>s resolved to nodes, cycles included), so an evaluation
/// reads the instance and allocates nothing but the enumerators it walks with (and a string per property name where a
/// schema constrains names). It knows the keywords the OB 3.0 and CLR 2.0 schemas use; a schema with any other
/// assertion is refused when compiled, so it never answers for a keyword it does not know.
/// Annotation-only keywords (<c>format</c>, as draft 2019-09 evaluates it by default, titles, comments) are ignored.
/// Immutable once compiled: safe to evaluate from many threads at once.
/// </summary>
internal sealed class SchemaValidator
{
    private static readonly HashSet<string> Annotations = new(StringComparer.Ordinal)
        { "$schema", "$id", "$comment", "$defs", "definitions", "title", "description", "format", "examples", "default", "deprecated", "readOnly", "writeOnly" };

    /// <summary>The JSON types the pinned schemas name (none of them uses <c>integer</c>).</summary>
    private static readonly HashSet<string> Types = new(StringComparer.Ordinal) { "object", "array", "string", "boolean", "null", "number" };

    private bool? _boolean;
    private string[]? _types;
    private JsonNode?[]? _enum;
    private (string Name, SchemaValidator Schema)[]? _properties;
    private HashSet<string>? _declared;
    private SchemaValidator? _additionalProperties;
    private SchemaValidator? _propertyNames;
    private string[]? _required;
    private SchemaValidator? _items;
    private SchemaValidator[]? _tupleItems;
    private SchemaValidator? _additionalItems;
    private int _minItems;
    private SchemaValidator? _contains;
    private Regex? _pattern;
    private SchemaValidator[]? _oneOf;
    private SchemaValidator[]? _anyOf;
    private SchemaValidator[]? _allOf;
    private SchemaValidator? _ref;
    private SchemaValidator? _if;
    private SchemaValidator? _then;
    private SchemaValidator? _else;

    private SchemaValidator()
    {
    }

    /// <summary>Compiles a schema document; <c>$ref</c>s must be JSON Pointers into the same document.</summary>
    public static SchemaValidator Compile(JsonObject document)
    {
        Dictionary<string, SchemaValidator> compiled = new(StringComparer.Ordinal);
        return Compile(document, document, "", compiled);
    }

    private static SchemaValidator Compile(JsonObject document, JsonNode? schema, string pointer, Dictionary<string, SchemaValidator> compiled)
    {
        if (compiled.TryGetValue(pointer, out SchemaValidator? known)) return known;
        SchemaValidator node = new();
        compiled[pointer] = node;
        if (schema is JsonValue boolean && boolean.TryGetValue(out bool value))
        {
            node._boolean = value;
            return node;
        }
        if (schema is not JsonObject keywords) throw new NotSupportedException($"The schema at '{pointer}' is not an object or a boolean.");
        SchemaValidator Sub(string name) => Compile(document, keywords[name], $"{pointer}/{name}", compiled);
        SchemaValidator[] Each(string name) => [.. keywords[name]!.AsArray().Select((s, i) => Compile(document, s, $"{pointer}/{name}/{i}", compiled))];
        foreach ((string name, JsonNode? argument) in keywords)
        {
            switch (name)
            {
                case "type":
                    node._types = argument is JsonArray types ? [.. types.Select(t => t!.GetValue<string>())] : [argument!.GetValue<string>()];
                    if (node._types.FirstOrDefault(t => !Types.Contains(t)) is { } unknown) throw new NotSupportedException($"The type '{unknown}' at '{pointer}' is not compiled.");
                    break;
                case "enum": node._enum = [.. argument!.AsArray()]; break;
                case "properties":
                    node._properties = [.. argument!.AsObject().Select(p => (p.Key, Compile(document, p.Value, $"{pointer}/properties/{Escape(p.Key)}", compiled)))];
                    node._declared = new HashSet<string>(node._properties.Select(p => p.Name), StringComparer.Ordinal);
                    break;
                case "additionalProperties": node._additionalProperties = Sub(name); break;
                case "propertyNames": node._propertyNames = Sub(name); break;
                case "required": node._required = [.. argument!.AsArray().Select(r => r!.GetValue<string>())]; break;
                case "items":
                    if (argument is JsonArray) node._tupleItems = Each(name);
                    else node._items = Sub(name);
                    break;
                case "additionalItems": node._additionalItems = Sub(name); break;
                case "minItems": node._minItems = argument!.GetValue<int>(); break;
                case "contains": node._contains = Sub(name); break;
                // ECMA-262 regular expressions; .NET's ECMAScript option keeps \d, \w and \s to ASCII as they are there.
                case "pattern": node._pattern = new Regex(argument!.GetValue<string>(), RegexOptions.ECMAScript | RegexOptions.CultureInvariant); break;
                case "oneOf": node._oneOf = Each(name); break;
                case "anyOf": node._anyOf = Each(name); break;
                case "allOf": node._allOf = Each(name); break;
                case "if": node._if = Sub(name); break;
                case "then": node._then = Sub(name); break;
                case "else": node._else = Sub(name); break;
                case "$ref": node._ref = Resolve(document, argument!.GetValue<string>(), compiled); break;
                default:
                    if (!Annotations.Contains(name)) throw new NotSupportedException($"The keyword '{name}' at '{pointer}' is not compiled.");
                    break;
            }
        }
        return node;
    }

    private static SchemaValidator Resolve(JsonObject document, string reference, Dictionary<string, SchemaValidator> compiled)
    {
        if (!reference.StartsWith('#')) throw new NotSupportedException($"The reference '{reference}' leaves its document.");
        string pointer = Uri.UnescapeDataString(reference[1..]);
        JsonNode? target = document;
        foreach (string part in pointer.Split('/', StringSplitOptions.RemoveEmptyEntries))
            target = target?[part.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)];
        return Compile(document, target ?? throw new NotSupportedException($"The reference '{reference}' points at nothing."), pointer, compiled);
    }

    private static string Escape(string name) => name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    /// <summary>Whether <paramref name="instance"/> is valid against the compiled schema.</summary>
    public bool IsValid(JsonNode? instance)
    {
        if (_boolean is { } answer) return answer;
        JsonValueKind kind = instance?.GetValueKind() ?? JsonValueKind.Null;
        if (_types is not null && !HasAnyType(kind)) return false;
        if (_enum is not null && !IsEnumerated(instance)) return false;
        if (_ref is not null && !_ref.IsValid(instance)) return false;
        if (_allOf is not null && CountValid(_allOf, instance) != _allOf.Length) return false;
        if (_oneOf is not null && CountValid(_oneOf, instance) != 1) return false;
        if (_anyOf is not null && !AnyValid(_anyOf, instance)) return false;
        if (_if is not null && !(_if.IsValid(instance) ? _then?.IsValid(instance) ?? true : _else?.IsValid(instance) ?? true)) return false;
        return instance switch
        {
            JsonObject obj => IsValidObject(obj),
            JsonArray array => IsValidArray(array),
            JsonValue value when _pattern is not null && kind == JsonValueKind.String => _pattern.IsMatch(Text(value)),
            _ => true,
        };
    }

    private bool HasAnyType(JsonValueKind kind)
    {
        foreach (string type in _types!)
        {
            if (HasType(kind, type)) return true;
        }
        return false;
    }

    private bool IsEnumerated(JsonNode? instance)
    {
        foreach (JsonNode? value in _enum!)
        {
            if (JsonNode.DeepEquals(value, instance)) return true;
        }
        return false;
    }

    private static int CountValid(SchemaValidator[] schemas, JsonNode? instance)
    {
        int valid = 0;
        foreach (SchemaValidator schema in schemas)
        {
            if (schema.IsValid(instance)) valid++;
        }
        return valid;
    }

    private static bool AnyValid(SchemaValidator[] schemas, JsonNode? instance)
    {
        foreach (SchemaValidator schema in schemas)
        {
            if (schema.IsValid(instance)) return true;
        }
        return false;
    }

    private bool IsValidObject(JsonObject obj)
    {
        if (_required is not null)
        {
            foreach (string name in _required)
            {
                if (!obj.ContainsKey(name)) return false;
            }
        }
        if (_properties is not null)
        {
            foreach ((string name, SchemaValidator schema) in _properties)
            {
                if (obj.TryGetPropertyValue(name, out JsonNode? value) && !schema.IsValid(value)) return false;
            }
        }
        if (_additionalProperties is not null)
        {
            foreach ((string name, JsonNode? value) in obj)
            {
                if ((_declared is null || !_declared.Contains(name)) && !_additionalProperties.IsValid(value)) return false;
            }
        }
        if (_propertyNames is not null)
        {
            foreach ((string name, _) in obj)
            {
                if (!_propertyNames.IsValid(JsonValue.Create(name))) return false;
            }
        }
        return true;
    }

    private bool IsValidArray(JsonArray array)
    {
        if (array.Count < _minItems) return false;
        bool contains = _contains is null;
        for (int i = 0; i < array.Count; i++)
        {
            JsonNode? item = array[i];
            SchemaValidator? schema = _tupleItems is null ? _items : i < _tupleItems.Length ? _tupleItems[i] : _additionalItems;
            if (schema is not null && !schema.IsValid(item)) return false;
            contains = contains || _contains!.IsValid(item);
        }
        return contains;
    }

    private static bool HasType(JsonValueKind kind, string type) => type switch
    {
        "object" => kind == JsonValueKind.Object,
        "array" => kind == JsonValueKind.Array,
        "string" => kind == JsonValueKind.String,
        "boolean" => kind is JsonValueKind.True or JsonValueKind.False,
        "null" => kind == JsonValueKind.Null,
        "number" => kind == JsonValueKind.Number,
        _ => false,
    };

    /// <summary>A string value as text, whether parsed or set from a .NET value that writes as a JSON string.</summary>
    private static string Text(JsonValue value) => value.TryGetValue(out string? text) ? text : JsonSerializer.Deserialize<string>(value.ToJsonString())!;
}
