// JSON-LD 1.1 Processing Algorithms and API §7.2.2 (Node Map Generation) with §7.1 (Generate Blank Node Identifier).
using System.Text.Json.Nodes;

namespace BadgeIssuer.LinkedData.JsonLd;

/// <summary>Builds the node map (graph name → subject → node) from expanded JSON-LD.</summary>
internal sealed class NodeMap(WorkMeter? meter = null)
{
    private readonly Dictionary<string, string> _blankNodes = new(StringComparer.Ordinal);
    private int _counter;

    public JsonObject Graphs { get; } = new() { ["@default"] = new JsonObject() };

    /// <summary>§7.1: a fresh identifier, or the one already issued for <paramref name="identifier"/>.</summary>
    public string BlankNode(string? identifier = null)
    {
        if (identifier is not null && _blankNodes.TryGetValue(identifier, out string? issued)) return issued;
        string created = "_:b" + _counter++.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (identifier is not null) _blankNodes[identifier] = created;
        return created;
    }

    public void Generate(JsonNode? element, string activeGraph = "@default", JsonNode? activeSubject = null, string? activeProperty = null, JsonObject? list = null)
    {
        meter?.Charge();
        // 1) Arrays: each item.
        if (element is JsonArray array)
        {
            foreach (JsonNode? item in array) Generate(item, activeGraph, activeSubject, activeProperty, list);
            return;
        }
        if (element is not JsonObject obj) return;
        // 2) The graph and the subject node.
        if (Graphs[activeGraph] is not JsonObject graph) Graphs[activeGraph] = graph = [];
        JsonObject? subjectNode = activeSubject is JsonValue sv && sv.TryGetValue(out string? subjectId) ? graph[subjectId] as JsonObject : null;

        // 3) Blank node types are relabelled.
        JsonArray? types = null;
        if (obj["@type"] is JsonNode typeNode)
        {
            types = [];
            foreach (JsonNode? t in Expansion.AsList(typeNode))
            {
                string type = t!.GetValue<string>();
                types.Add(type.StartsWith("_:", StringComparison.Ordinal) ? BlankNode(type) : type);
            }
        }

        // 4) A value object.
        if (obj.ContainsKey("@value"))
        {
            JsonObject value = (JsonObject)obj.DeepClone();
            if (types is not null) value["@type"] = types.Count == 1 && obj["@type"] is JsonValue ? types[0]!.DeepClone() : types;
            if (list is null) AddUnique(subjectNode!, activeProperty!, value);
            else ((JsonArray)list["@list"]!).Add(value);
            return;
        }
        // 5) A list object.
        if (obj.ContainsKey("@list"))
        {
            JsonObject result = new() { ["@list"] = new JsonArray() };
            Generate(obj["@list"], activeGraph, activeSubject, activeProperty, result);
            if (list is null) Append(subjectNode!, activeProperty!, result);
            else ((JsonArray)list["@list"]!).Add(result);
            return;
        }
        // 6) A node object. An @id that expansion set to null (a keyword-like value) names nothing: drop it.
        if (obj.TryGetPropertyValue("@id", out JsonNode? explicitId) && explicitId is null) return;
        string id = obj["@id"] is JsonValue idv && idv.TryGetValue(out string? given)
            ? (given.StartsWith("_:", StringComparison.Ordinal) ? BlankNode(given) : given)
            : BlankNode();
        if (graph[id] is not JsonObject node) graph[id] = node = new JsonObject { ["@id"] = id };
        if (activeSubject is JsonObject reverseSubject)
        {
            // 6.5) A reverse property: the active subject is the value.
            AddUnique(node, activeProperty!, reverseSubject.DeepClone());
        }
        else if (activeProperty is not null)
        {
            // 6.6) A reference from the subject (or into the list).
            JsonObject reference = new() { ["@id"] = id };
            if (list is null) AddUnique(subjectNode!, activeProperty, reference);
            else ((JsonArray)list["@list"]!).Add(reference);
        }
        // 6.7) Types.
        if (types is not null) foreach (JsonNode? t in types) AddUnique(node, "@type", t!.DeepClone());
        // 6.8) @index.
        if (obj["@index"] is JsonNode index)
        {
            if (node["@index"] is JsonNode existing && !JsonNode.DeepEquals(existing, index))
                throw new JsonLdException(JsonLdErrorCode.ConflictingIndexes, $"Node {id} has two different @index values.");
            node["@index"] = index.DeepClone();
        }
        // 6.9) Reverse properties.
        if (obj["@reverse"] is JsonObject reverseMap)
        {
            JsonObject referenced = new() { ["@id"] = id };
            foreach ((string property, JsonNode? values) in reverseMap)
                foreach (JsonNode? value in Expansion.AsList(values))
                    Generate(value, activeGraph, referenced, property);
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
            if (node[name] is null) node[name] = new JsonArray();
            Generate(obj[property], activeGraph, JsonValue.Create(id), name);
        }
    }

    private void AddUnique(JsonObject node, string property, JsonNode value)
    {
        if (node[property] is not JsonArray values) node[property] = values = [];
        // Each comparison is a step: a node with many values makes this loop quadratic.
        meter?.Charge(values.Count + 1);
        foreach (JsonNode? existing in values)
            if (JsonNode.DeepEquals(existing, value)) return;
        values.Add(value);
    }

    private static void Append(JsonObject node, string property, JsonNode value)
    {
        if (node[property] is not JsonArray values) node[property] = values = [];
        values.Add(value);
    }
}
