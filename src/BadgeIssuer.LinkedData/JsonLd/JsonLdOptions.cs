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

    /// <summary>Most quads <see cref="JsonLdProcessor.ToRdfAsync"/> may produce.</summary>
    public int MaxQuads { get; init; } = 100_000;
}

/// <summary>Options of <see cref="JsonLdProcessor"/> (JSON-LD 1.1 §9.4.3 JsonLdOptions, the parts this library needs).</summary>
public sealed record JsonLdOptions
{
    /// <summary>Where remote contexts come from; by default <see cref="StaticDocumentLoader.Empty"/>, which serves none.</summary>
    public IDocumentLoader DocumentLoader { get; init; } = StaticDocumentLoader.Empty;

    /// <summary>The base IRI; <c>null</c> (the default, as Data Integrity requires) leaves relative IRIs relative.</summary>
    public string? Base { get; init; }

    /// <summary>A context applied before the document's own (JSON-LD <c>expandContext</c>).</summary>
    public System.Text.Json.Nodes.JsonNode? ExpandContext { get; init; }

    /// <summary>JSON-LD 1.1 (default) or 1.0.</summary>
    public ProcessingMode ProcessingMode { get; init; } = ProcessingMode.JsonLd11;

    /// <summary>Fail instead of dropping data (see <see cref="JsonLdSafeModeException"/>).</summary>
    public bool SafeMode { get; init; }

    /// <summary>How <c>@direction</c> becomes RDF; <c>null</c> (the default): it does not, and safe mode fails on it.</summary>
    public RdfDirection? RdfDirection { get; init; }

    /// <summary>Allow blank nodes as predicates in the output.</summary>
    public bool ProduceGeneralizedRdf { get; init; }

    /// <summary>Bounds against hostile input.</summary>
    public JsonLdLimits Limits { get; init; } = JsonLdLimits.Default;

    /// <summary>
    /// The caller's work allowance and cancellation token, charged for every element expanded, node-map entry and
    /// quad produced; <c>null</c> (the default): only <see cref="Limits"/> bound the work.
    /// </summary>
    public WorkMeter? Meter { get; init; }

    internal bool Is10 => ProcessingMode == ProcessingMode.JsonLd10;
}

/// <summary>The JSON-LD <c>processingMode</c> option (JSON-LD 1.1 API §9.4.3).</summary>
public enum ProcessingMode
{
    /// <summary><c>json-ld-1.1</c>: all of JSON-LD 1.1.</summary>
    JsonLd11,
    /// <summary><c>json-ld-1.0</c>: 1.1 features (scoped contexts, <c>@import</c>, <c>@version</c>, ...) are errors.</summary>
    JsonLd10,
}

/// <summary>The JSON-LD <c>rdfDirection</c> option (JSON-LD 1.1 API §9.4.3, §8.6): how a base direction becomes RDF.</summary>
public enum RdfDirection
{
    /// <summary><c>i18n-datatype</c>: a literal typed <c>https://www.w3.org/ns/i18n#{language}_{direction}</c>.</summary>
    I18nDatatype,
    /// <summary><c>compound-literal</c>: a blank node with <c>rdf:value</c>, <c>rdf:language</c> and <c>rdf:direction</c>.</summary>
    CompoundLiteral,
}
