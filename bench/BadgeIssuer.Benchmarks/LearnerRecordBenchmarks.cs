using System.Text.Json.Nodes;
using BadgeIssuer.Credentials.Issuing;
using BadgeIssuer.Credentials.Keys;
using BadgeIssuer.Credentials.Proofs.DataIntegrity;
using BadgeIssuer.Credentials.Verification;
using BenchmarkDotNet.Attributes;

namespace BadgeIssuer.Benchmarks;

/// <summary>
/// Signing and verifying the outer eddsa-rdfc-2022 proof of a CLR 2.0 ClrCredential that holds <see cref="Credentials"/>
/// signed credentials as the service issues them (each with its own id and proof), single thread: the proof covers the
/// whole record, so its cost grows with the credentials inside (a record holds at most 100); and the record's schema check.
/// </summary>
[MemoryDiagnoser]
public class LearnerRecordBenchmarks
{
    private readonly EddsaDataIntegrity _suite = new();
    private JsonObject _record = null!;
    private JsonObject _signed = null!;
    private JsonObject _proof = null!;
    private byte[] _seed = null!;
    private byte[] _publicKey = null!;
    private string _method = null!;

    /// <summary>How many signed credentials the record holds.</summary>
    [Params(5, 100)]
    public int Credentials { get; set; } = 5;

    [GlobalSetup]
    public void Setup()
    {
        JsonObject credential = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "data", "issued-credential.json")))!.AsObject();
        GeneratedKey key = KeyGenerator.GenerateEd25519();
        _seed = key.PrivateKey;
        _publicKey = BadgeIssuer.Credentials.Codecs.Base64Url.Decode(key.PublicJwk["x"]!.GetValue<string>());
        string multibase = Multikey.EncodeEd25519PublicKey(_publicKey);
        _method = $"did:key:{multibase}#{multibase}";
        List<JsonObject> held = [];
        for (int i = 0; i < Credentials; i++)
        {
            // As the service issues one learner's awards: an id, a salt (so an e-mail hash) and status entries of their
            // own; the name identifier and the rest are the same in each.
            JsonObject copy = (JsonObject)credential.DeepClone();
            copy["id"] = $"{credential["id"]}{i}";
            JsonObject email = (JsonObject)copy["credentialSubject"]!["identifier"]![0]!;
            string salt = IdentityHash.NewSalt();
            email["salt"] = salt;
            email["identityHash"] = IdentityHash.Sha256("learner@example.org", salt);
            foreach (JsonObject entry in copy["credentialStatus"]!.AsArray().OfType<JsonObject>())
            {
                string index = (7919 + (i * 92_821)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                entry["id"] = $"{entry["statusListCredential"]}#{index}";
                entry["statusListIndex"] = index;
            }
            held.Add(_suite.AddProof(copy, DataIntegritySuites.EddsaRdfc2022, _method, DateTimeOffset.UnixEpoch, _seed, asArray: true));
        }
        JsonObject achievement = (JsonObject)credential["credentialSubject"]!["achievement"]!;
        _record = ClrCredentialBuilder.Build(new ClrCredentialInput("https://issuer.example/clrs/1", (JsonObject)credential["issuer"]!, "A learner record", null,
            "did:example:learner", [], held, [achievement], [], Partial: false, DateTimeOffset.UnixEpoch, null));
        _signed = Sign();
        _proof = (JsonObject)_signed["proof"]![0]!;
    }

    [Benchmark(Description = "sign a ClrCredential (eddsa-rdfc-2022)")]
    public JsonObject Sign() => _suite.AddProof(_record, DataIntegritySuites.EddsaRdfc2022, _method, DateTimeOffset.UnixEpoch, _seed, asArray: true);

    [Benchmark(Description = "verify a ClrCredential's outer proof (eddsa-rdfc-2022)")]
    public bool Verify() => _suite.Verify(_signed, _proof, _publicKey);

    [Benchmark(Description = "the schema check of a ClrCredential (structure rules and the CLR 2.0 JSON Schema)")]
    public VerificationCheck Schema() => ClrChecks.Schema(_signed);
}
