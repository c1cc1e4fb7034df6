// JSON-LD 1.1 API §4.1 (the active context) and §4.2 (term definitions).
using System.Text.Json.Nodes;

namespace BadgeIssuer.LinkedData.JsonLd;

/// <summary>A term definition (JSON-LD 1.1 API §4.2). "Has" flags tell an explicit <c>null</c> from "not given".</summary>
internal sealed class TermDefinition
{
    private static long _next;

    /// <summary>A process-unique id, so a cached context's scoped contexts can be cached under it.</summary>
    public long Id { get; } = Interlocked.Increment(ref _next);

    /// <summary>True once the definition belongs to a cached (shared, immutable) context.</summary>
    public bool Shared { get; set; }

    public string? Iri { get; set; }
    public bool Prefix { get; set; }
    public bool Protected { get; set; }
    public bool Reverse { get; set; }
    public string? BaseUrl { get; set; }
    public JsonNode? Context { get; set; }
    public bool HasContext { get; set; }
    public IReadOnlyList<string>? Container { get; set; }
    public string? Direction { get; set; }
    public bool HasDirection { get; set; }
    public string? Language { get; set; }
    public bool HasLanguage { get; set; }
    public string? Index { get; set; }
    public string? Nest { get; set; }
    public string? Type { get; set; }

    public bool HasContainer(string keyword) => Container is not null && Container.Contains(keyword);

    /// <summary>Equality ignoring the protected flag (§4.2.2 step 27: a protected term may be redefined identically).</summary>
    public bool SameAs(TermDefinition other) =>
        Iri == other.Iri && Prefix == other.Prefix && Reverse == other.Reverse && Type == other.Type
        && Direction == other.Direction && HasDirection == other.HasDirection && Language == other.Language && HasLanguage == other.HasLanguage
        && Index == other.Index && Nest == other.Nest && HasContext == other.HasContext
        && (!HasContext || JsonNode.DeepEquals(Context, other.Context))
        && (Container ?? []).Order(StringComparer.Ordinal).SequenceEqual((other.Container ?? []).Order(StringComparer.Ordinal), StringComparer.Ordinal);
}

/// <summary>The active context (JSON-LD 1.1 API §4.1).</summary>
internal sealed class ActiveContext
{
    public ActiveContext(string? baseIri)
    {
        BaseIri = baseIri;
        OriginalBaseUrl = baseIri;
    }

    public string? BaseIri { get; set; }
    public string? OriginalBaseUrl { get; set; }
    public Dictionary<string, TermDefinition> Terms { get; private set; } = new(StringComparer.Ordinal);
    public string? Vocab { get; set; }
    public string? DefaultLanguage { get; set; }
    public string? DefaultDirection { get; set; }
    public ActiveContext? PreviousContext { get; set; }

    /// <summary>
    /// How this context was derived, when only from pinned, immutable inputs (its base IRI, remote context URLs,
    /// scoped contexts of shared term definitions): the key of <see cref="ContextCache"/>. <c>null</c> otherwise.
    /// </summary>
    public string? CacheKey { get; set; }

    public ActiveContext Clone()
    {
        ActiveContext copy = (ActiveContext)MemberwiseClone();
        copy.Terms = new Dictionary<string, TermDefinition>(Terms, StringComparer.Ordinal);
        return copy;
    }

    public TermDefinition? Term(string term) => Terms.GetValueOrDefault(term);

    public bool HasProtectedTerms() => Terms.Values.Any(t => t.Protected);
}

/// <summary>
/// Processed contexts shared across runs, one cache per document loader (the loader decides what a URL means).
/// Entries are immutable once stored; the cache stops growing at <see cref="MaxEntries"/>.
/// </summary>
internal sealed class ContextCache
{
    public const int MaxEntries = 4096;
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IDocumentLoader, ContextCache> PerLoader = [];
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, ActiveContext> _entries = new(StringComparer.Ordinal);

    public static ContextCache For(IDocumentLoader loader) => PerLoader.GetValue(loader, _ => new ContextCache());

    public bool TryGet(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ActiveContext? context) => _entries.TryGetValue(key, out context);

    public void Add(string key, ActiveContext context)
    {
        if (_entries.Count < MaxEntries) _entries.TryAdd(key, context);
    }
}
