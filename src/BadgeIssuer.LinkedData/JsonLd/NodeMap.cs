// JSON-LD 1.1 Processing Algorithms and API §7.2.2 (Node Map Generation) with §7.1 (Generate Blank Node Identifier).
// The map is typed rather than JSON: references and lists are small objects, value objects are shared with the
// expanded document (the map only reads them), so building it copies nothing.
using System.Text.Json.Nodes;

namespace BadgeIssuer.LinkedData.JsonLd;

/// <summary>A value in the node map: a node reference, a value object or a list.</summary>
internal abstract class MapValue
{
    /// <summary>Whether <paramref name="other"/> is the same value (the node map keeps each value once per property).</summary>
    public abstract bool SameAs(MapValue other);
}

/// <summary>A reference to a node by its identifier.</summary>
internal sealed class NodeReference(string id) : MapValue
{
    public string Id { get; } = id;

    public override bool SameAs(MapValue other) => other is NodeReference reference && reference.Id == Id;
}

/// <summary>An expanded value object (<c>@value</c> with its <c>@type</c>, <c>@language</c>, <c>@direction</c>).</summary>
internal sealed class ValueObject(JsonObject value) : MapValue
{
    public JsonObject Value { get; } = value;

    public override bool SameAs(MapValue other) => other is ValueObject value && JsonNode.DeepEquals(value.Value, Value);
}

/// <summary>A list object; lists are never merged, so no list is the same as another.</summary>
internal sealed class ListObject : MapValue
{
    public List<MapValue> Items { get; } = [];

    public override bool SameAs(MapValue other) => ReferenceEquals(this, other);
}

/// <summary>A node of the map: its types and its properties with their values.</summary>
internal sealed class MapNode
{
    public List<string> Types { get; } = [];

    public JsonNode? Index { get; set; }

    public Dictionary<string, List<MapValue>> Properties { get; } = new(StringComparer.Ordinal);
}

/// <summary>Builds the node map (graph name → subject → node) from expanded JSON-LD.</summary>
internal sealed class NodeMap(WorkMeter? meter = null)
{
    private readonly Dictionary<string, string> _blankNodes = new(StringComparer.Ordinal);
    private int _counter;

    public Dictionary<string, Dictionary<string, MapNode>> Graphs { get; } = new(StringComparer.Ordinal) { ["@default"] = new(StringComparer.Ordinal) };

    /// <summary>§7.1: a fresh identifier, or the one already issued for <paramref name="identifier"/>.</summary>
    public string BlankNode(string? identifier = null)
    {
        if (identifier is not null && _blankNodes.TryGetValue(identifier, out string? issued)) return issued;
        string created = "_:b" + _counter++.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (identifier is not null) _blankNodes[identifier] = created;
        return created;
    }

    /// <param name="element">The expanded element.</param>
    /// <param name="activeGraph">The graph nodes go to.</param>
    /// <param name="activeSubject">The subject whose property <paramref name="activeProperty"/> the element is a value of.</param>
    /// <param name="reverseSubject">For a reverse property: the node that becomes the value of the element's property.</param>
    /// <param name="activeProperty">The property the element is a value of.</param>
    /// <param name="list">The list the element is an item of.</param>
    public void Generate(JsonNode? element, string activeGraph = "@default", string? activeSubject = null, string? reverseSubject = null,
        string? activeProperty = null, ListObject? list = null)
    {
        meter?.Charge();
        // 1) Arrays: each item.
        if (element is JsonArray array)
        {
            foreach (JsonNode? item in array) Generate(item, activeGraph, activeSubject, reverseSubject, activeProperty, list);
            return;
        }
        if (element is not JsonObject obj) return;
        // 2) The graph and the subject node.
        if (!Graphs.TryGetValue(activeGraph, out Dictionary<string, MapNode>? graph)) Graphs[activeGraph] = graph = new(StringComparer.Ordinal);
        MapNode? subjectNode = activeSubject is not null ? graph.GetValueOrDefault(activeSubject) : null;

        // 3) Blank node types are relabelled.
        List<string>? types = null;
        bool relabelled = false;
        if (obj["@type"] is JsonNode typeNode)
        {
            types = [];
            foreach (JsonNode? t in Expansion.AsList(typeNode))
            {
                string type = t!.GetValue<string>();
                bool blank = type.StartsWith("_:", StringComparison.Ordinal);
                relabelled |= blank;
                types.Add(blank ? BlankNode(type) : type);
            }
        }

        // 4) A value object (copied only when a blank node datatype was relabelled).
        if (obj.ContainsKey("@value"))
        {
            JsonObject value = obj;
            if (relabelled)
            {
                value = (JsonObject)obj.DeepClone();
                value["@type"] = types!.Count == 1 && obj["@type"] is JsonValue ? types[0] : new JsonArray([.. types.Select(t => JsonValue.Create(t))]);
            }
            if (list is null) AddUnique(subjectNode!, activeProperty!, new ValueObject(value));
            else list.Items.Add(new ValueObject(value));
            return;
        }
        // 5) A list object.
        if (obj.ContainsKey("@list"))
        {
            ListObject result = new();
            Generate(obj["@list"], activeGraph, activeSubject, reverseSubject, activeProperty, result);
            if (list is null) Values(subjectNode!, activeProperty!).Add(result);
            else list.Items.Add(result);
            return;
        }
        // 6) A node object. An @id that expansion set to null (a keyword-like value) names nothing: drop it.
        if (obj.TryGetPropertyValue("@id", out JsonNode? explicitId) && explicitId is null) return;
        string id = obj["@id"] is JsonValue idv && idv.TryGetValue(out string? given)
            ? (given.StartsWith("_:", StringComparison.Ordinal) ? BlankNode(given) : given)
            : BlankNode();
        if (!graph.TryGetValue(id, out MapNode? node)) graph[id] = node = new MapNode();
        if (reverseSubject is not null)
        {
            // 6.5) A reverse property: the active subject is the value.
            AddUnique(node, activeProperty!, new NodeReference(reverseSubject));
        }
        else if (activeProperty is not null)
        {
            // 6.6) A reference from the subject (or into the list).
            NodeReference reference = new(id);
            if (list is null) AddUnique(subjectNode!, activeProperty, reference);
            else list.Items.Add(reference);
        }
        // 6.7) Types.
        if (types is not null)
            foreach (string type in types)
            {
                meter?.Charge(node.Types.Count + 1);
                if (!node.Types.Contains(type)) node.Types.Add(type);
            }
        // 6.8) @index.
        if (obj["@index"] is JsonNode index)
        {
            if (node.Index is JsonNode existing && !JsonNode.DeepEquals(existing, index))
                throw new JsonLdException(JsonLdErrorCode.ConflictingIndexes, $"Node {id} has two different @index values.");
            node.Index = index;
        }
        // 6.9) Reverse properties.
        if (obj["@reverse"] is JsonObject reverseMap)
        {
            foreach ((string property, JsonNode? values) in reverseMap)
                foreach (JsonNode? value in Expansion.AsList(values))
                    Generate(value, activeGraph, null, id, property);
        }
        // 6.10) A named graph.
        if (obj["@graph"] is JsonNode nested) Generate(nested, id);
        // 6.11) Included nodes.
        if (obj["@included"] is JsonNode included) Generate(included, activeGraph);
        // 6.12) Every other property.
        foreach (string property in Expansion.SortedKeys(obj))
        {
            if (property is "@id" or "@type" or "@index" or "@reverse" or "@graph" or "@included") continue;
            string name = property.StartsWith("_:", StringComparison.Ordinal) ? BlankNode(property) : property;
            Values(node, name);
            Generate(obj[property], activeGraph, id, null, name);
        }
    }

    private void AddUnique(MapNode node, string property, MapValue value)
    {
        List<MapValue> values = Values(node, property);
        // Each comparison is a step: a node with many values makes this loop quadratic.
        meter?.Charge(values.Count + 1);
        foreach (MapValue existing in values)
            if (existing.SameAs(value)) return;
        values.Add(value);
    }

    private static List<MapValue> Values(MapNode node, string property)
    {
        if (!node.Properties.TryGetValue(property, out List<MapValue>? values)) node.Properties[property] = values = [];
        return values;
    }
}
