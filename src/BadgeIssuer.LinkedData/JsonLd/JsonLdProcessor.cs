// JSON-LD 1.1 Processing Algorithms and API §9.2 (JsonLdProcessor: expand) and §8.1 (toRdf).
using System.Text.Json;
using System.Text.Json.Nodes;
using BadgeIssuer.LinkedData.Rdf;

namespace BadgeIssuer.LinkedData.JsonLd;

/// <summary>JSON-LD 1.1 expansion and deserialization to RDF. Stateless; every call builds its own state.</summary>
public static class JsonLdProcessor
{
    /// <summary>Parses JSON text within <see cref="JsonLdLimits"/> (size and nesting) and without duplicate keys.</summary>
    /// <exception cref="JsonLdLimitExceededException">The text is too large or too deep.</exception>
    /// <exception cref="JsonLdException">The text is not JSON (<see cref="JsonLdErrorCode.LoadingDocumentFailed"/>).</exception>
    public static JsonNode? Parse(string json, JsonLdLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        limits ??= JsonLdLimits.Default;
        if (json.Length > limits.MaxInputSize)
            throw new JsonLdLimitExceededException(JsonLdLimit.InputSize, $"The document has {json.Length} characters; at most {limits.MaxInputSize} are accepted.");
        try
        {
            return JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { MaxDepth = limits.MaxNestingDepth, AllowDuplicateProperties = false });
        }
        catch (JsonException ex) when (ex.Message.Contains("maximum configured depth", StringComparison.Ordinal))
        {
            throw new JsonLdLimitExceededException(JsonLdLimit.NestingDepth, $"The document nests deeper than {limits.MaxNestingDepth} levels.");
        }
        catch (JsonException ex)
        {
            throw new JsonLdException(JsonLdErrorCode.LoadingDocumentFailed, $"The document is not valid JSON: {ex.Message}");
        }
    }

    /// <summary>The expanded form of <paramref name="document"/> (always an array).</summary>
    public static JsonArray Expand(JsonNode? document, JsonLdOptions? options = null)
    {
        options ??= new JsonLdOptions();
        ContextProcessor contexts = new(options);
        ActiveContext active = ContextCache.For(options.DocumentLoader).Root(options.Base, options.ProcessingMode);
        if (options.ExpandContext is { } expandContext)
        {
            JsonNode? context = expandContext is JsonObject o && o.TryGetPropertyValue("@context", out JsonNode? inner) ? inner : expandContext;
            active = contexts.Process(active, context, options.Base);
        }
        JsonNode? expanded = new Expansion(options, contexts).Expand(active, null, document, options.Base);
        if (expanded is JsonObject single && single.Count == 1 && single.ContainsKey("@graph")) expanded = Expansion.Detach(single, "@graph");
        return Expansion.AsArray(expanded);
    }

    /// <summary>The RDF dataset <paramref name="document"/> denotes (§8.1: expansion, node map, then triples).</summary>
    public static RdfDataset ToRdf(JsonNode? document, JsonLdOptions? options = null)
    {
        options ??= new JsonLdOptions();
        JsonArray expanded = Expand(document, options);
        NodeMap nodeMap = new(options.Meter);
        nodeMap.Generate(expanded);
        return new ToRdf(options, nodeMap).Run();
    }
}
