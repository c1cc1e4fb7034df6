// JSON-LD 1.1 Processing Algorithms and API §8.1.2 (Deserialize JSON-LD to RDF), §8.2 (Object to RDF),
// §8.3 (List to RDF).
using System.Globalization;
using System.Numerics;
using System.Text.Json.Nodes;
using BadgeIssuer.LinkedData.Rdf;

namespace BadgeIssuer.LinkedData.JsonLd;

/// <summary>Turns a node map into an RDF dataset.</summary>
internal sealed class ToRdf(JsonLdOptions options, NodeMap nodeMap)
{
    private const string I18n = "https://www.w3.org/ns/i18n#";
    private static readonly IriTerm RdfType = new(RdfVocabulary.RdfType);
    private static readonly IriTerm RdfFirst = new(RdfVocabulary.RdfFirst);
    private static readonly IriTerm RdfRest = new(RdfVocabulary.RdfRest);
    private static readonly IriTerm RdfNil = new(RdfVocabulary.RdfNil);
    private readonly RdfDataset _dataset = new();

    public RdfDataset Run()
    {
        foreach (string graphName in Expansion.SortedKeys(nodeMap.Graphs.Keys))
        {
            RdfTerm? graphTerm = null;
            if (graphName != "@default")
            {
                graphTerm = Resource(graphName);
                if (graphTerm is null)
                {
                    SafeMode("relative graph reference", $"The graph name '{graphName}' is not an absolute IRI.");
                    continue;
                }
            }
            Dictionary<string, MapNode> graph = nodeMap.Graphs[graphName];
            foreach (string subject in Expansion.SortedKeys(graph.Keys))
            {
                RdfTerm? subjectTerm = Resource(subject);
                if (subjectTerm is null)
                {
                    SafeMode("relative subject reference", $"The subject '{subject}' is not an absolute IRI.");
                    continue;
                }
                MapNode node = graph[subject];
                // "@type" sorts before every IRI and blank node label, so types come first as in the keys' code point order.
                foreach (string type in node.Types)
                {
                    if (Resource(type) is { } typeTerm) Add(new Quad(subjectTerm, RdfType, typeTerm, graphTerm));
                    else SafeMode("relative @type reference", $"The type '{type}' is not an absolute IRI.");
                }
                foreach (string property in Expansion.SortedKeys(node.Properties.Keys))
                {
                    if (Keywords.IsKeyword(property)) continue;
                    if (property.StartsWith("_:", StringComparison.Ordinal) && !options.ProduceGeneralizedRdf)
                    {
                        SafeMode("blank node predicate", $"The property '{property}' is a blank node, which RDF does not allow as a predicate.");
                        continue;
                    }
                    RdfTerm? predicate = Resource(property);
                    if (predicate is null)
                    {
                        SafeMode("relative predicate reference", $"The property '{property}' is not an absolute IRI.");
                        continue;
                    }
                    foreach (MapValue item in node.Properties[property])
                        if (ObjectToRdf(item, graphTerm) is { } obj) Add(new Quad(subjectTerm, predicate, obj, graphTerm));
                }
            }
        }
        return _dataset;
    }

    private void Add(Quad quad)
    {
        options.Meter?.Charge();
        _dataset.Add(quad);
        if (_dataset.Quads.Count > options.Limits.MaxQuads)
            throw new JsonLdLimitExceededException(JsonLdLimit.OutputSize, $"The document produces more than {options.Limits.MaxQuads} quads.");
    }

    private static RdfTerm? Resource(string id) =>
        id.StartsWith("_:", StringComparison.Ordinal) ? new BlankNodeTerm(id[2..]) : Iri.IsWellFormedAbsolute(id) ? new IriTerm(id) : null;

    /// <summary>§8.2 Object to RDF; list and compound-literal triples are added to the dataset directly.</summary>
    private RdfTerm? ObjectToRdf(MapValue item, RdfTerm? graph)
    {
        // 1)-2) A node reference.
        if (item is NodeReference reference)
        {
            RdfTerm? term = Resource(reference.Id);
            if (term is null) SafeMode("relative object reference", $"The reference '{reference.Id}' is not an absolute IRI.");
            return term;
        }
        // 3) A list.
        if (item is ListObject list) return ListToRdf(list.Items, graph);
        JsonObject obj = ((ValueObject)item).Value;
        // 4)-5) A value with its datatype.
        JsonNode? value = obj["@value"];
        string? datatype = obj["@type"]?.GetValue<string>();
        if (datatype is not null && datatype != "@json" && !Iri.IsWellFormedAbsolute(datatype))
        {
            SafeMode("relative @type reference", $"The datatype '{datatype}' is not an absolute IRI.");
            return null;
        }
        string? language = obj["@language"]?.GetValue<string>();
        // 6) A language tag that is not well-formed BCP 47 makes the value unrepresentable.
        if (language is not null && !Expansion.WellFormedLanguage(language))
        {
            SafeMode("invalid @language value", $"'{language}' is not a well-formed BCP 47 language tag.");
            return null;
        }
        string lexical;
        // 7) JSON literals are canonical JSON.
        if (datatype == "@json")
        {
            lexical = Jcs.Jcs.Canonicalize(value);
            datatype = RdfVocabulary.RdfJson;
        }
        else if (value is JsonValue v && v.TryGetValue(out bool b))
        {
            // 8) Booleans.
            lexical = b ? "true" : "false";
            datatype ??= RdfVocabulary.XsdBoolean;
        }
        else if (value is JsonValue n && n.GetValueKind() == System.Text.Json.JsonValueKind.Number)
        {
            double number = double.Parse(n.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);
            if (number % 1 != 0 || Math.Abs(number) >= 1e21 || datatype == RdfVocabulary.XsdDouble)
            {
                // 9) Non-integral numbers and doubles: the canonical xsd:double form.
                lexical = CanonicalDouble(number);
                datatype ??= RdfVocabulary.XsdDouble;
            }
            else
            {
                // 10) Integral numbers: xsd:integer.
                lexical = new BigInteger(number).ToString(CultureInfo.InvariantCulture);
                datatype ??= RdfVocabulary.XsdInteger;
            }
        }
        else
        {
            lexical = value!.GetValue<string>();
            datatype ??= language is null ? RdfVocabulary.XsdString : RdfVocabulary.RdfLangString;
        }
        // 12) Base direction.
        if (obj["@direction"] is JsonNode directionNode)
        {
            string direction = directionNode.GetValue<string>();
            switch (options.RdfDirection)
            {
                case RdfDirection.I18nDatatype:
                    return new LiteralTerm(lexical, I18n + (language ?? "") + "_" + direction);
                case RdfDirection.CompoundLiteral:
                    BlankNodeTerm literal = new(nodeMap.BlankNode()[2..]);
                    Add(new Quad(literal, new IriTerm(RdfVocabulary.Rdf + "value"), new LiteralTerm(lexical, RdfVocabulary.XsdString), graph));
                    if (language is not null) Add(new Quad(literal, new IriTerm(RdfVocabulary.Rdf + "language"), new LiteralTerm(language, RdfVocabulary.XsdString), graph));
                    Add(new Quad(literal, new IriTerm(RdfVocabulary.Rdf + "direction"), new LiteralTerm(direction, RdfVocabulary.XsdString), graph));
                    return literal;
                default:
                    SafeMode("rdfDirection not set", "A value has @direction, which is lost without an rdfDirection option.");
                    break;
            }
        }
        return new LiteralTerm(lexical, datatype, language);
    }

    /// <summary>§8.3 List to RDF: a chain of rdf:first/rdf:rest; returns its head.</summary>
    private RdfTerm ListToRdf(List<MapValue> list, RdfTerm? graph)
    {
        if (list.Count == 0) return RdfNil;
        BlankNodeTerm[] nodes = [.. list.Select(_ => new BlankNodeTerm(nodeMap.BlankNode()[2..]))];
        for (int i = 0; i < list.Count; i++)
        {
            if (ObjectToRdf(list[i], graph) is { } obj) Add(new Quad(nodes[i], RdfFirst, obj, graph));
            Add(new Quad(nodes[i], RdfRest, i + 1 < nodes.Length ? nodes[i + 1] : RdfNil, graph));
        }
        return nodes[0];
    }

    /// <summary>The canonical lexical form of xsd:double JSON-LD uses: 16 significant digits, trailing zeros removed, e.g. <c>1.1E0</c>.</summary>
    public static string CanonicalDouble(double value)
    {
        string e = value.ToString("0.000000000000000E+0", CultureInfo.InvariantCulture);
        int split = e.IndexOf('E', StringComparison.Ordinal);
        string mantissa = e[..split].TrimEnd('0');
        if (mantissa.EndsWith('.')) mantissa += "0";
        int exponent = int.Parse(e.AsSpan(split + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        return mantissa + "E" + exponent.ToString(CultureInfo.InvariantCulture);
    }

    private void SafeMode(string reason, string detail)
    {
        if (options.SafeMode) throw new JsonLdSafeModeException(reason, detail);
    }
}
