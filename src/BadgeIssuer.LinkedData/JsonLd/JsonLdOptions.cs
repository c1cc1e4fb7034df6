namespace BadgeIssuer.LinkedData.JsonLd;

/// <summary>Bounds on the work one document may cause.</summary>
public sealed record JsonLdLimits
{
    /// <summary>The defaults: generous for credentials, small enough to stop hostile input early.</summary>
    public static readonly JsonLdLimits Default = new();

    /// <summary>Largest input accepted by the text entry points, in characters.</summary>
    public int MaxInputSize { get; init; } = 4 * 1024 * 1024;

    /// <summary>Deepest nesting of objects and arrays.</summary>
    public int MaxNestingDepth { get; init; } = 128;

    /// <summary>Deepest chain of context processing (remote contexts, imports, scoped contexts).</summary>
    public int MaxContextDepth { get; init; } = 32;

    /// <summary>Most quads <see cref="JsonLdProcessor.ToRdf(System.Text.Json.Nodes.JsonNode, JsonLdOptions)"/> may produce.</summary>
    public int MaxQuads { get; init; } = 100_000;
}

/// <summary>Options of <see cref="JsonLdProcessor"/> (JSON-LD 1.1 §9.4.3 JsonLdOptions, the parts this library needs).</summary>
public sealed record JsonLdOptions
{
    /// <summary>Where contexts come from; by default only the pinned ones.</summary>
    public IDocumentLoader DocumentLoader { get; init; } = PinnedDocumentLoader.Default;

    /// <summary>The base IRI; <c>null</c> (the default, as Data Integrity requires) leaves relative IRIs relative.</summary>
    public string? Base { get; init; }

    /// <summary>A context applied before the document's own (JSON-LD <c>expandContext</c>).</summary>
    public System.Text.Json.Nodes.JsonNode? ExpandContext { get; init; }

    /// <summary><c>json-ld-1.1</c> (default) or <c>json-ld-1.0</c>.</summary>
    public string ProcessingMode { get; init; } = "json-ld-1.1";

    /// <summary>Fail instead of dropping data (see <see cref="JsonLdSafeModeException"/>).</summary>
    public bool SafeMode { get; init; }

    /// <summary>How <c>@direction</c> becomes RDF: <c>null</c>, <c>i18n-datatype</c> or <c>compound-literal</c>.</summary>
    public string? RdfDirection { get; init; }

    /// <summary>Allow blank nodes as predicates in the output.</summary>
    public bool ProduceGeneralizedRdf { get; init; }

    /// <summary>Bounds against hostile input.</summary>
    public JsonLdLimits Limits { get; init; } = JsonLdLimits.Default;

    /// <summary>
    /// The caller's work allowance and cancellation token, charged for every element expanded, node-map entry and
    /// quad produced; <c>null</c> (the default): only <see cref="Limits"/> bound the work.
    /// </summary>
    public WorkMeter? Meter { get; init; }

    internal bool Is10 => ProcessingMode == "json-ld-1.0";
}
