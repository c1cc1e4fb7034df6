// RDF Dataset Canonicalization (RDFC-1.0), W3C Recommendation 21 May 2024, §4.4 (Canonicalization Algorithm),
// §4.6 (Hash First Degree Quads), §4.7 (Hash Related Blank Node), §4.8 (Hash N-Degree Quads).
using System.Buffers;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using BadgeIssuer.LinkedData.Rdf;

namespace BadgeIssuer.LinkedData.Rdfc;

/// <summary>The canonical N-Quads of a dataset and the canonical identifiers issued to its blank nodes.</summary>
public sealed class CanonicalizationResult
{
    private readonly string[] _lines;
    private string? _nquads;

    internal CanonicalizationResult(string[] lines, IReadOnlyDictionary<string, string> issuedIdentifiers)
    {
        _lines = lines;
        IssuedIdentifiers = issuedIdentifiers;
    }

    /// <summary>The canonical N-Quads document (sorted lines, each ending with LF).</summary>
    public string NQuads => _nquads ??= string.Concat(_lines);

    /// <summary>Input blank node label (without <c>_:</c>) → canonical label (<c>c14nN</c>).</summary>
    public IReadOnlyDictionary<string, string> IssuedIdentifiers { get; }

    /// <summary>
    /// Writes the hash of the UTF-8 N-Quads document to <paramref name="destination"/> line by line, without building
    /// the document as one string; returns the number of bytes written.
    /// </summary>
    public int Hash(HashAlgorithmName algorithm, Span<byte> destination) => Utf8Hash.Of(algorithm, _lines, destination);
}

/// <summary>RDFC-1.0. Stateless: every call builds its own state, so the class is safe to share.</summary>
public static class Rdfc10
{
    /// <summary>Canonicalizes <paramref name="dataset"/>.</summary>
    /// <exception cref="CanonicalizationLimitExceededException">The dataset is a poison graph (see <see cref="Rdfc10Options"/>).</exception>
    public static CanonicalizationResult Canonicalize(RdfDataset dataset, Rdfc10Options? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        return new State(dataset, options ?? Rdfc10Options.Default, cancellationToken).Run();
    }

    private sealed class State(RdfDataset dataset, Rdfc10Options options, CancellationToken cancellationToken)
    {
        // 1) The canonicalization state: blank node to quads map, hash to blank nodes map, canonical issuer.
        private readonly Dictionary<string, List<Quad>> _blankNodeToQuads = new(StringComparer.Ordinal);
        private readonly IdentifierIssuer _canonicalIssuer = new("c14n");
        private readonly Dictionary<string, string> _firstDegreeHashes = new(StringComparer.Ordinal);
        private readonly Dictionary<string, int> _deepIterations = new(StringComparer.Ordinal);
        private readonly StringBuilder _scratch = new(256);
        private long _maxDeepIterations;
        private long _work;

        public CanonicalizationResult Run()
        {
            // 2) For every quad, for each blank node component, add the quad to that blank node's list.
            foreach (Quad quad in dataset.Quads)
            {
                AddBlankNode(quad.Subject, quad);
                AddBlankNode(quad.Object, quad);
                if (quad.Graph is not null) AddBlankNode(quad.Graph, quad);
            }

            // 3) Hash every blank node with Hash First Degree Quads and group the nodes by hash.
            SortedDictionary<string, List<string>> hashToBlankNodes = new(StringComparer.Ordinal);
            foreach (string node in _blankNodeToQuads.Keys)
            {
                string hash = HashFirstDegreeQuads(node);
                if (!hashToBlankNodes.TryGetValue(hash, out List<string>? nodes)) hashToBlankNodes[hash] = nodes = [];
                nodes.Add(node);
            }

            // 4) For each hash in code point order with exactly one node, issue its canonical identifier.
            List<List<string>> shared = [];
            foreach ((string _, List<string> nodes) in hashToBlankNodes)
            {
                if (nodes.Count == 1) _canonicalIssuer.Issue(nodes[0]);
                else shared.Add(nodes);
            }

            // The poison-graph bound: (non-unique nodes) ^ work factor calls per node, as rdf-canonize counts them.
            long nonUnique = shared.Sum(n => (long)n.Count);
            _maxDeepIterations = (long)Math.Min(Math.Pow(nonUnique, options.WorkFactor), long.MaxValue / 2);

            // 5) For each remaining hash, in code point order:
            foreach (List<string> nodes in shared)
            {
                // 5.1) hash path list; 5.2) for each node without a canonical identifier, run Hash N-Degree Quads
                // with a temporary issuer that issued it b0.
                List<(string Hash, IdentifierIssuer Issuer)> hashPaths = [];
                foreach (string node in nodes)
                {
                    if (_canonicalIssuer.HasId(node)) continue;
                    IdentifierIssuer temporary = new("b");
                    temporary.Issue(node);
                    hashPaths.Add(HashNDegreeQuads(node, temporary));
                }
                // 5.3) For each result, in code point order of its hash, issue canonical identifiers in the order the
                // result's issuer issued its temporary ones.
                hashPaths.Sort((a, b) => string.CompareOrdinal(a.Hash, b.Hash));
                foreach ((string _, IdentifierIssuer issuer) in hashPaths)
                    foreach (string existing in issuer.IssuedOrder) _canonicalIssuer.Issue(existing);
            }

            // 6) Relabel every blank node with its canonical identifier, serialize, sort in code point order.
            List<string> lines = new(dataset.Quads.Count);
            foreach (Quad quad in dataset.Quads)
            {
                options.Meter?.Charge();
                _scratch.Clear();
                NQuadsWriter.Append(_scratch, new Quad(Relabel(quad.Subject), quad.Predicate, Relabel(quad.Object), quad.Graph is null ? null : Relabel(quad.Graph)));
                lines.Add(_scratch.ToString());
            }
            lines.Sort(CodePointComparer.Instance);
            return new CanonicalizationResult([.. lines], _canonicalIssuer.ToMap());
        }

        private void AddBlankNode(RdfTerm term, Quad quad)
        {
            if (term is not BlankNodeTerm blank) return;
            if (!_blankNodeToQuads.TryGetValue(blank.Label, out List<Quad>? quads)) _blankNodeToQuads[blank.Label] = quads = [];
            quads.Add(quad);
        }

        private RdfTerm Relabel(RdfTerm term) =>
            term is BlankNodeTerm blank ? new BlankNodeTerm(_canonicalIssuer.Issue(blank.Label)) : term;

        // §4.6 Hash First Degree Quads: each quad of the node with the node itself as _:a and every other blank node
        // as _:z, serialized, sorted, concatenated and hashed. The result never changes for a node, so it is memoized.
        private string HashFirstDegreeQuads(string node)
        {
            if (_firstDegreeHashes.TryGetValue(node, out string? cached)) return cached;
            List<Quad> quads = _blankNodeToQuads[node];
            List<string> nquads = new(quads.Count);
            foreach (Quad quad in quads)
            {
                _scratch.Clear();
                NQuadsWriter.Append(_scratch, new Quad(Reference(quad.Subject, node), quad.Predicate, Reference(quad.Object, node),
                    quad.Graph is null ? null : Reference(quad.Graph, node)));
                nquads.Add(_scratch.ToString());
            }
            nquads.Sort(CodePointComparer.Instance);
            string hash = Hash(CollectionsMarshal.AsSpan(nquads));
            _firstDegreeHashes[node] = hash;
            return hash;
        }

        private static readonly BlankNodeTerm ReferenceNode = new("a");
        private static readonly BlankNodeTerm OtherNode = new("z");

        private static RdfTerm Reference(RdfTerm term, string node) =>
            term is BlankNodeTerm blank ? (blank.Label == node ? ReferenceNode : OtherNode) : term;

        // §4.7 Hash Related Blank Node.
        private string HashRelatedBlankNode(string related, Quad quad, IdentifierIssuer issuer, char position)
        {
            // 1) The identifier: the canonical one if issued, else the one issuer issued, else the first-degree hash.
            string identifier = _canonicalIssuer.TryGet(related, out string canonical) ? "_:" + canonical
                : issuer.TryGet(related, out string temporary) ? "_:" + temporary
                : HashFirstDegreeQuads(related);
            // 2)-4) position, then (unless the position is g) <predicate>, then the identifier.
            StringBuilder input = new(identifier.Length + 64);
            input.Append(position);
            if (position != 'g') input.Append('<').Append(((IriTerm)quad.Predicate).Value).Append('>');
            input.Append(identifier);
            // 5) Return the hash of input.
            return Hash(input.ToString());
        }

        // §4.8 Hash N-Degree Quads.
        private (string Hash, IdentifierIssuer Issuer) HashNDegreeQuads(string identifier, IdentifierIssuer issuer)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int iterations = _deepIterations.GetValueOrDefault(identifier) + 1;
            if (iterations > _maxDeepIterations)
                throw new CanonicalizationLimitExceededException($"Canonicalization stopped: Hash N-Degree Quads ran more than {_maxDeepIterations} times for one blank node (a poison graph).");
            _deepIterations[identifier] = iterations;
            CountWork();

            // 1)-3) Hn: related hash → related blank nodes, from every quad of the node.
            SortedDictionary<string, List<string>> hn = new(StringComparer.Ordinal);
            foreach (Quad quad in _blankNodeToQuads[identifier])
            {
                AddRelated(hn, quad, quad.Subject, 's', identifier, issuer);
                AddRelated(hn, quad, quad.Object, 'o', identifier, issuer);
                if (quad.Graph is not null) AddRelated(hn, quad, quad.Graph, 'g', identifier, issuer);
            }

            // 4)-5) For each related hash in code point order, find the smallest path over every permutation.
            StringBuilder dataToHash = new();
            foreach ((string relatedHash, List<string> blankNodes) in hn)
            {
                // 5.1) Append the related hash.
                dataToHash.Append(relatedHash);
                // 5.2)-5.3) chosen path and chosen issuer.
                string chosenPath = "";
                IdentifierIssuer? chosenIssuer = null;
                // 5.4) For each permutation of the blank node list:
                foreach (string[] permutation in Permutations(blankNodes))
                {
                    CountWork();
                    // 5.4.1) a copy of issuer, an empty path and an empty recursion list.
                    IdentifierIssuer issuerCopy = issuer.Copy();
                    StringBuilder path = new();
                    List<string> recursionList = [];
                    bool skip = false;
                    // 5.4.4) For each related node in the permutation:
                    foreach (string related in permutation)
                    {
                        if (_canonicalIssuer.TryGet(related, out string canonical))
                        {
                            // 5.4.4.1) A canonical identifier exists: append it.
                            path.Append("_:").Append(canonical);
                        }
                        else
                        {
                            // 5.4.4.2) Otherwise, if the copy has not issued one, add the node to the recursion list;
                            // append the identifier the copy issues.
                            if (!issuerCopy.HasId(related)) recursionList.Add(related);
                            path.Append("_:").Append(issuerCopy.Issue(related));
                        }
                        // 5.4.4.3) Give up this permutation once path can no longer be the smallest.
                        if (Worse(path, chosenPath)) { skip = true; break; }
                    }
                    if (skip) continue;
                    // 5.4.5) For each node in the recursion list: recurse, append its identifier and <hash>.
                    foreach (string related in recursionList)
                    {
                        (string hash, IdentifierIssuer resultIssuer) = HashNDegreeQuads(related, issuerCopy);
                        path.Append("_:").Append(issuerCopy.Issue(related));
                        path.Append('<').Append(hash).Append('>');
                        issuerCopy = resultIssuer;
                        if (Worse(path, chosenPath)) { skip = true; break; }
                    }
                    if (skip) continue;
                    // 5.4.6) Keep the smallest path and its issuer.
                    string candidate = path.ToString();
                    if (chosenPath.Length == 0 || string.CompareOrdinal(candidate, chosenPath) < 0)
                    {
                        chosenPath = candidate;
                        chosenIssuer = issuerCopy;
                    }
                }
                // 5.5) Append the chosen path; 5.6) continue with the chosen issuer.
                dataToHash.Append(chosenPath);
                issuer = chosenIssuer!;
            }
            // 6) Return the hash of data to hash and the issuer.
            return (Hash(dataToHash.ToString()), issuer);
        }

        private void AddRelated(SortedDictionary<string, List<string>> hn, Quad quad, RdfTerm component, char position, string identifier, IdentifierIssuer issuer)
        {
            if (component is not BlankNodeTerm blank || blank.Label == identifier) return;
            string hash = HashRelatedBlankNode(blank.Label, quad, issuer, position);
            if (!hn.TryGetValue(hash, out List<string>? list)) hn[hash] = list = [];
            list.Add(blank.Label);
        }

        /// <summary>5.4.4.3: the chosen path is set, path is at least as long, and path sorts after it.</summary>
        private static bool Worse(StringBuilder path, string chosenPath)
        {
            if (chosenPath.Length == 0 || path.Length < chosenPath.Length) return false;
            for (int i = 0; i < chosenPath.Length; i++)
            {
                if (path[i] != chosenPath[i]) return path[i] > chosenPath[i];
            }
            return path.Length > chosenPath.Length;
        }

        private void CountWork()
        {
            if (++_work > options.MaxTotalWork)
                throw new CanonicalizationLimitExceededException($"Canonicalization stopped after {options.MaxTotalWork} steps (a poison graph).");
        }

        private string Hash(string text) => Hash([text]);

        private string Hash(ReadOnlySpan<string> parts)
        {
            options.Meter?.Charge();
            if (options.HashAlgorithm != HashAlgorithmName.SHA384 && options.HashAlgorithm != HashAlgorithmName.SHA256)
                throw new ArgumentException($"RDFC-1.0 here supports SHA-256 and SHA-384, not {options.HashAlgorithm.Name}.");
            Span<byte> digest = stackalloc byte[SHA384.HashSizeInBytes];
            return Convert.ToHexStringLower(digest[..Utf8Hash.Of(options.HashAlgorithm, parts, digest)]);
        }

        /// <summary>Every ordering of <paramref name="items"/> (Heap's algorithm); the minimum path makes the order irrelevant.</summary>
        private static IEnumerable<string[]> Permutations(List<string> items)
        {
            string[] current = [.. items];
            int n = current.Length;
            int[] c = new int[n];
            yield return (string[])current.Clone();
            int i = 1;
            while (i < n)
            {
                if (c[i] < i)
                {
                    int j = (i % 2 == 0) ? 0 : c[i];
                    (current[j], current[i]) = (current[i], current[j]);
                    yield return (string[])current.Clone();
                    c[i]++;
                    i = 1;
                }
                else
                {
                    c[i] = 0;
                    i++;
                }
            }
        }
    }
}

/// <summary>Hashes of text as UTF-8, part after part, through one pooled buffer.</summary>
internal static class Utf8Hash
{
    /// <summary>Writes the hash of the UTF-8 of <paramref name="parts"/> joined to <paramref name="destination"/>; returns its length.</summary>
    public static int Of(HashAlgorithmName algorithm, ReadOnlySpan<string> parts, Span<byte> destination)
    {
        using IncrementalHash hash = IncrementalHash.CreateHash(algorithm);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(1024);
        try
        {
            foreach (string part in parts)
            {
                int needed = Encoding.UTF8.GetMaxByteCount(part.Length);
                if (needed > buffer.Length)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = ArrayPool<byte>.Shared.Rent(needed);
                }
                hash.AppendData(buffer, 0, Encoding.UTF8.GetBytes(part, buffer));
            }
            return hash.GetHashAndReset(destination);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
