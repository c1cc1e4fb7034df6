// JSON-LD 1.1 API §4.1 (the active context) and §4.2 (term definitions).
using System.Text.Json.Nodes;

namespace BadgeIssuer.LinkedData.JsonLd;

/// <summary>A term definition (JSON-LD 1.1 API §4.2). "Has" flags tell an explicit <c>null</c> from "not given".</summary>
internal sealed class TermDefinition
{
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

    public ActiveContext Clone()
    {
        ActiveContext copy = (ActiveContext)MemberwiseClone();
        copy.Terms = new Dictionary<string, TermDefinition>(Terms, StringComparer.Ordinal);
        return copy;
    }

    public TermDefinition? Term(string term) => Terms.GetValueOrDefault(term);

    public bool HasProtectedTerms() => Terms.Values.Any(t => t.Protected);
}
