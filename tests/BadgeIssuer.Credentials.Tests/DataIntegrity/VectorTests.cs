using System.Text.Json;
using System.Text.Json.Nodes;
using BadgeIssuer.Credentials.Contexts;
using BadgeIssuer.Credentials.Keys;
using BadgeIssuer.Credentials.Proofs.DataIntegrity;
using BadgeIssuer.LinkedData.JsonLd;

namespace BadgeIssuer.Credentials.Tests.DataIntegrity;

/// <summary>W3C vc-di-eddsa test vectors (Appendix B): canonical forms, hashes and signatures reproduce byte for byte.</summary>
public sealed class VectorTests
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Vendor", "vc-di-eddsa");

    /// <summary>The vectors' own contexts (the examples context is not one the service pins).</summary>
    private static readonly EddsaDataIntegrity Suite = new(new JsonLdOptions { DocumentLoader = VectorContexts() });

    private static StaticDocumentLoader VectorContexts()
    {
        Dictionary<string, JsonNode> documents = [];
        foreach (JsonElement entry in JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "contexts", "contexts-index.json"))).RootElement.EnumerateArray())
            documents[entry.GetProperty("url").GetString()!] = JsonNode.Parse(File.ReadAllText(Path.Combine(Folder, "contexts", entry.GetProperty("file").GetString()!)))!;
        return CredentialContexts.Loader.With(documents);
    }

    private static string Text(string path) => File.ReadAllText(Path.Combine(Folder, "TestVectors", path));

    private static JsonObject Json(string path) => JsonNode.Parse(Text(path))!.AsObject();

    private static byte[] Seed(string file = "keyPair.json", string? pair = null)
    {
        JsonObject keys = Json(file);
        JsonNode key = pair is null ? keys : keys[pair]!;
        return Multikey.DecodeEd25519SecretKey(key["privateKeyMultibase"]!.GetValue<string>());
    }

    public static TheoryData<string, string, string> SigningVectors => new()
    {
        { "eddsa-rdfc-2022", "unsigned.json", "DataInt" },
        { "eddsa-rdfc-2022/employ", "employmentAuth.json", "DataInt" },
        { "eddsa-jcs-2022", "unsigned.json", "JCS" },
    };

    [Theory, MemberData(nameof(SigningVectors))]
    public void Canonical_forms_hashes_and_signature_reproduce_byte_for_byte(string folder, string unsignedFile, string suffix)
    {
        JsonObject unsigned = Json(unsignedFile);
        JsonObject proofConfig = Json($"{folder}/proofConfig{suffix}.json");
        string suite = proofConfig["cryptosuite"]!.GetValue<string>();
        byte[] hash = Suite.HashData(unsigned, proofConfig, suite);

        if (suite == DataIntegritySuites.EddsaRdfc2022)
        {
            Assert.Equal(Text($"{folder}/canonDoc{suffix}.txt"), Suite.Rdfc(unsigned));
            Assert.Equal(Text($"{folder}/proofCanon{suffix}.txt"), Suite.Rdfc(proofConfig));
        }
        else
        {
            Assert.Equal(Text($"{folder}/canonDoc{suffix}.txt"), BadgeIssuer.LinkedData.Jcs.Jcs.Canonicalize(unsigned));
            Assert.Equal(Text($"{folder}/proofCanon{suffix}.txt"), BadgeIssuer.LinkedData.Jcs.Jcs.Canonicalize(proofConfig));
        }
        Assert.Equal(Text($"{folder}/proofHash{suffix}.txt").Trim(), Convert.ToHexStringLower(hash[..32]));
        Assert.Equal(Text($"{folder}/docHash{suffix}.txt").Trim(), Convert.ToHexStringLower(hash[32..]));
        Assert.Equal(Text($"{folder}/combinedHash{suffix}.txt").Trim(), Convert.ToHexStringLower(hash));

        JsonObject signed = Suite.AddProof(unsigned, suite, proofConfig["verificationMethod"]!.GetValue<string>(),
            DateTimeOffset.Parse(proofConfig["created"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture), Seed());
        JsonObject expected = Json($"{folder}/signed{suffix}.json");
        Assert.Equal(Text($"{folder}/sigBTC58{suffix}.txt").Trim(), signed["proof"]!["proofValue"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(expected, signed), $"expected {expected.ToJsonString()}\nactual {signed.ToJsonString()}");
    }

    public static TheoryData<string> SignedVectors => new()
    {
        "eddsa-rdfc-2022/signedDataInt.json",
        "eddsa-rdfc-2022/employ/signedDataInt.json",
        "eddsa-jcs-2022/signedJCS.json",
        "Ed25519Signature2020/signedEdSig.json",
        "proof-set-chain/signedProofSet1.json",
        "proof-set-chain/signedProofSet2.json",
        "proof-set-chain/signedProofChain1.json",
        "proof-set-chain/signedProofChain2.json",
    };

    private static IEnumerable<JsonObject> Proofs(JsonObject document) =>
        document["proof"] is JsonArray set ? set.OfType<JsonObject>() : [(JsonObject)document["proof"]!];

    private static byte[] KeyOf(JsonObject proof)
    {
        Assert.True(DidKey.TryParse(proof["verificationMethod"]!.GetValue<string>(), out DidKey? key));
        return key!.Ed25519PublicKey;
    }

    [Theory, MemberData(nameof(SignedVectors))]
    public void Every_proof_of_a_signed_vector_verifies(string file)
    {
        JsonObject signed = Json(file);
        int count = 0;
        foreach (JsonObject proof in Proofs(signed))
        {
            Assert.True(Suite.Verify(signed, proof, KeyOf(proof)), $"{file}: proof {proof["id"]} did not verify");
            count++;
        }
        Assert.True(count >= 1);
    }

    [Theory, MemberData(nameof(SignedVectors))]
    public void A_changed_value_breaks_every_proof(string file)
    {
        JsonObject signed = Json(file);
        signed["validFrom"] = "2099-01-01T00:00:00Z";
        foreach (JsonObject proof in Proofs(signed))
            Assert.False(Suite.Verify(signed, proof, KeyOf(proof)), $"{file}: proof {proof["id"]} still verified");
    }

    [Fact]
    public void The_vector_key_pair_is_a_matching_multikey_pair()
    {
        JsonObject pair = Json("keyPair.json");
        using NSec.Cryptography.Key key = NSec.Cryptography.Key.Import(NSec.Cryptography.SignatureAlgorithm.Ed25519, Seed(), NSec.Cryptography.KeyBlobFormat.RawPrivateKey);
        Assert.Equal(pair["publicKeyMultibase"]!.GetValue<string>(), Multikey.EncodeEd25519PublicKey(key.PublicKey.Export(NSec.Cryptography.KeyBlobFormat.RawPublicKey)));
    }

    [Fact]
    public void The_vendored_vectors_match_their_published_sha256()
    {
        foreach (string line in File.ReadAllLines(Path.Combine(Folder, "SHA256SUMS")).Where(l => l.Length > 0))
        {
            string[] parts = line.Split("  ", 2);
            Assert.Equal(parts[0], Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(Path.Combine(Folder, parts[1])))));
        }
    }
}
