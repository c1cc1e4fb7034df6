using System.Text.Json.Nodes;
using BadgeIssuer.Credentials.Keys;
using BadgeIssuer.Credentials.Proofs.DataIntegrity;
using BenchmarkDotNet.Attributes;

namespace BadgeIssuer.Benchmarks;

/// <summary>
/// Signing and verifying one OB 3.0 credential with eddsa-rdfc-2022, single thread: JSON-LD to RDF, RDFC-1.0 of the
/// document and of the proof configuration, SHA-256, Ed25519 (the span bench/js/sign-verify.mjs times in the
/// Digital Bazaar stack).
/// </summary>
[MemoryDiagnoser]
public class ProofBenchmarks
{
    private readonly EddsaDataIntegrity _suite = new();
    private JsonObject _credential = null!;
    private JsonObject _signed = null!;
    private JsonObject _proof = null!;
    private byte[] _seed = null!;
    private byte[] _publicKey = null!;
    private string _method = null!;

    /// <summary>The OB 3.0 test vector, or a credential as the service issues it (several times the test vector's quads).</summary>
    [Params("ob-credential.json", "issued-credential.json")]
    public string Input { get; set; } = "ob-credential.json";

    [GlobalSetup]
    public void Setup()
    {
        _credential = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "data", Input)))!.AsObject();
        GeneratedKey key = KeyGenerator.GenerateEd25519();
        _seed = key.PrivateKey;
        _publicKey = Credentials.Codecs.Base64Url.Decode(key.PublicJwk["x"]!.GetValue<string>());
        string multibase = Multikey.EncodeEd25519PublicKey(_publicKey);
        _method = $"did:key:{multibase}#{multibase}";
        _signed = Sign();
        _proof = (JsonObject)_signed["proof"]![0]!;
    }

    [Benchmark(Description = "sign an OB 3.0 credential (eddsa-rdfc-2022)")]
    public JsonObject Sign() => _suite.AddProof(_credential, DataIntegritySuites.EddsaRdfc2022, _method, DateTimeOffset.UnixEpoch, _seed, asArray: true);

    [Benchmark(Description = "verify an OB 3.0 credential (eddsa-rdfc-2022)")]
    public bool Verify() => _suite.Verify(_signed, _proof, _publicKey);
}
