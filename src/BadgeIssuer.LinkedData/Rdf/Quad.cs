// RDF 1.1 Concepts §3.1 (triples) and §4 (datasets: the default graph and named graphs).
namespace BadgeIssuer.LinkedData.Rdf;

/// <summary>
/// A triple in a graph of a dataset. <see cref="Graph"/> is <c>null</c> for the default graph,
/// otherwise an <see cref="IriTerm"/> or a <see cref="BlankNodeTerm"/>.
/// </summary>
/// <param name="Subject">An <see cref="IriTerm"/> or <see cref="BlankNodeTerm"/>.</param>
/// <param name="Predicate">An <see cref="IriTerm"/> (a <see cref="BlankNodeTerm"/> only in generalized RDF).</param>
/// <param name="Object">Any term.</param>
/// <param name="Graph">The graph name, or <c>null</c> for the default graph.</param>
public sealed record Quad(RdfTerm Subject, RdfTerm Predicate, RdfTerm Object, RdfTerm? Graph = null);

/// <summary>
/// An RDF dataset as a list of quads. Duplicates are not added twice (a dataset is a set), and insertion
/// order is kept so that serializations are repeatable.
/// </summary>
public sealed class RdfDataset
{
    private readonly List<Quad> _quads = [];
    private readonly HashSet<Quad> _seen = [];

    /// <summary>The quads, in the order they were first added.</summary>
    public IReadOnlyList<Quad> Quads => _quads;

    /// <summary>Adds a quad unless the dataset holds it already.</summary>
    /// <returns><c>true</c> when the quad was new.</returns>
    public bool Add(Quad quad)
    {
        ArgumentNullException.ThrowIfNull(quad);
        if (!_seen.Add(quad)) return false;
        _quads.Add(quad);
        return true;
    }
}
