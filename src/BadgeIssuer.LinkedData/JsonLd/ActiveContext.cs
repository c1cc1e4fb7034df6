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
    /// For a shared context (one derived only from pinned, immutable inputs: its base IRI, remote context URLs, scoped
    /// contexts of shared term definitions): the contexts derived from it, by how. <c>null</c> for a context of one run.
    /// </summary>
    public System.Collections.Concurrent.ConcurrentDictionary<Derivation, ActiveContext>? Derived { get; private set; }

    /// <summary>Makes this context shared: from now on it is never changed, and what is derived from it is cached.</summary>
    public void Share()
    {
        foreach (TermDefinition term in Terms.Values) term.Shared = true;
        Derived = new();
    }

    public ActiveContext Clone()
    {
        ActiveContext copy = (ActiveContext)MemberwiseClone();
        copy.Terms = new Dictionary<string, TermDefinition>(Terms, StringComparer.Ordinal);
        copy.Derived = null;
        return copy;
    }

    public TermDefinition? Term(string term) => Terms.GetValueOrDefault(term);

    public bool HasProtectedTerms() => Terms.Values.Any(t => t.Protected);
}

/// <summary>How a context was derived from a shared one: a context URL or a shared term's scoped context, and the flags.</summary>
internal readonly record struct Derivation(string? Url, long ScopedBy, string? BaseUrl, bool OverrideProtected, bool Propagate, bool ValidateScoped);

/// <summary>
/// Processed contexts shared across runs, one cache per document loader (the loader decides what a URL means): a
/// shared root context per base IRI and processing mode, from which the derived contexts hang. Entries are immutable
/// once stored; the cache stops growing at <see cref="MaxEntries"/>.
/// </summary>
internal sealed class ContextCache
{
    public const int MaxEntries = 4096;
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IDocumentLoader, ContextCache> PerLoader = [];
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string? Base, ProcessingMode Mode), ActiveContext> _roots = new();
    private int _entries;

    public static ContextCache For(IDocumentLoader loader) => PerLoader.GetValue(loader, _ => new ContextCache());

    /// <summary>The empty shared context of a run with <paramref name="baseIri"/> in <paramref name="processingMode"/>.</summary>
    public ActiveContext Root(string? baseIri, ProcessingMode processingMode) => _roots.GetOrAdd((baseIri, processingMode), key =>
    {
        ActiveContext root = new(key.Base);
        root.Share();
        return root;
    });

    /// <summary>Stores <paramref name="derived"/> as what <paramref name="how"/> makes of <paramref name="from"/>, while there is room.</summary>
    public void Add(ActiveContext from, Derivation how, ActiveContext derived)
    {
        if (Interlocked.Increment(ref _entries) > MaxEntries) return;
        derived.Share();
        if (!from.Derived!.TryAdd(how, derived)) Interlocked.Decrement(ref _entries);
    }
}
