using System.Text.Json.Nodes;
using BadgeIssuer.Credentials.Contexts;
using BadgeIssuer.LinkedData.JsonLd;
using BadgeIssuer.LinkedData.Rdfc;
using BenchmarkDotNet.Attributes;

namespace BadgeIssuer.Benchmarks;

/// <summary>
/// The work behind an eddsa-rdfc-2022 proof: JSON-LD expansion, deserialization to RDF and RDFC-1.0 canonicalization,
/// from parsed JSON to canonical N-Quads (the same span bench/js/canonize.mjs times in jsonld.js + rdf-canonize).
/// </summary>
[MemoryDiagnoser]
public class CanonicalizationBenchmarks
{
    private static readonly JsonLdOptions Options = new() { DocumentLoader = CredentialContexts.Loader, SafeMode = true };
    private JsonNode _credential = null!;
    private JsonNode _twoHundredQuads = null!;

    [GlobalSetup]
    public void Setup()
    {
        _credential = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "data", "ob-credential.json")))!;
        _twoHundredQuads = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "data", "two-hundred-quads.jsonld")))!;
    }

    [Benchmark(Description = "OB 3.0 credential: expand + toRdf + RDFC-1.0")]
    public string ObCredential() => Rdfc10.Canonicalize(JsonLdProcessor.ToRdf(_credential, Options)).NQuads;

    [Benchmark(Description = "200-quad document: expand + toRdf + RDFC-1.0")]
    public string TwoHundredQuads() => Rdfc10.Canonicalize(JsonLdProcessor.ToRdf(_twoHundredQuads, Options)).NQuads;
}
