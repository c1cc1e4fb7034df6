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
    /// <remarks>
    /// Remote contexts come from <see cref="JsonLdOptions.DocumentLoader"/>. When it answers at once (a
    /// <see cref="StaticDocumentLoader"/>, or any loader with the context cached), the returned task is already
    /// complete: processed contexts are shared between runs, so a warm run never waits.
    /// </remarks>
    /// <exception cref="LinkedDataException">The document is not valid JSON-LD, or exceeds the limits.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static ValueTask<JsonArray> ExpandAsync(JsonNode? document, JsonLdOptions? options = null, CancellationToken cancellationToken = default) =>
        RunExpandAsync(document, options ?? new JsonLdOptions(), synchronous: false, cancellationToken);

    /// <summary>The RDF dataset <paramref name="document"/> denotes (§8.1: expansion, node map, then triples).</summary>
    /// <remarks>Remote contexts come as for <see cref="ExpandAsync(JsonNode?, JsonLdOptions?, CancellationToken)"/>.</remarks>
    /// <exception cref="LinkedDataException">The document is not valid JSON-LD, exceeds the limits, or (in safe mode) would lose data.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static ValueTask<RdfDataset> ToRdfAsync(JsonNode? document, JsonLdOptions? options = null, CancellationToken cancellationToken = default) =>
        RunToRdfAsync(document, options ?? new JsonLdOptions(), synchronous: false, cancellationToken);

    /// <summary>
    /// <see cref="ExpandAsync(JsonNode?, JsonLdOptions?, CancellationToken)"/> for a document loader that answers at
    /// once, such as <see cref="StaticDocumentLoader"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The document loader did not answer at once.</exception>
    public static JsonArray Expand(JsonNode? document, JsonLdOptions? options = null, CancellationToken cancellationToken = default) =>
        Completed(RunExpandAsync(document, options ?? new JsonLdOptions(), synchronous: true, cancellationToken));

    /// <summary>
    /// <see cref="ToRdfAsync(JsonNode?, JsonLdOptions?, CancellationToken)"/> for a document loader that answers at
    /// once, such as <see cref="StaticDocumentLoader"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The document loader did not answer at once.</exception>
    public static RdfDataset ToRdf(JsonNode? document, JsonLdOptions? options = null, CancellationToken cancellationToken = default) =>
        Completed(RunToRdfAsync(document, options ?? new JsonLdOptions(), synchronous: true, cancellationToken));

    private static async ValueTask<JsonArray> RunExpandAsync(JsonNode? document, JsonLdOptions options, bool synchronous, CancellationToken cancellationToken)
    {
        ContextProcessor contexts = new(options, synchronous, cancellationToken);
        ActiveContext active = ContextCache.For(options.DocumentLoader).Root(options.Base, options.ProcessingMode);
        if (options.ExpandContext is { } expandContext)
        {
            JsonNode? context = expandContext is JsonObject o && o.TryGetPropertyValue("@context", out JsonNode? inner) ? inner : expandContext;
            active = await contexts.ProcessAsync(active, context, options.Base);
        }
        JsonNode? expanded = await new Expansion(options, contexts, cancellationToken).ExpandAsync(active, null, document, options.Base);
        if (expanded is JsonObject single && single.Count == 1 && single.ContainsKey("@graph")) expanded = Expansion.Detach(single, "@graph");
        return Expansion.AsArray(expanded);
    }

    private static async ValueTask<RdfDataset> RunToRdfAsync(JsonNode? document, JsonLdOptions options, bool synchronous, CancellationToken cancellationToken)
    {
        JsonArray expanded = await RunExpandAsync(document, options, synchronous, cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        NodeMap nodeMap = new(options.Meter);
        nodeMap.Generate(expanded);
        cancellationToken.ThrowIfCancellationRequested();
        return new ToRdf(options, nodeMap).Run();
    }

    /// <summary>
    /// The result of a run whose loads all completed at once, so the run itself did: every await in it found its
    /// value ready, and the task is complete (or faulted, and its exception is rethrown here).
    /// </summary>
    private static T Completed<T>(ValueTask<T> run) =>
        run.IsCompleted ? run.GetAwaiter().GetResult() : throw new System.Diagnostics.UnreachableException("A synchronous run waited for a document.");
}
