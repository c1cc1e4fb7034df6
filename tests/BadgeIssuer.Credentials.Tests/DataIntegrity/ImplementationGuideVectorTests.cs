using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using BadgeIssuer.Credentials.Codecs;
using BadgeIssuer.Credentials.Contexts;
using BadgeIssuer.Credentials.Keys;
using BadgeIssuer.Credentials.Proofs.DataIntegrity;

namespace BadgeIssuer.Credentials.Tests.DataIntegrity;

/// <summary>
/// The OB 3.0 Implementation Guide's "Linked Data Proof Test Vector" chapters, for Open Badges 3.0 (obv3p0) and for
/// CLR 2.0 (clrv2p0): with only the pinned contexts (<see cref="CredentialContexts.Loader"/>), our RDFC-1.0 output of the
/// credential and of the proof configuration, their SHA-256 hashes, the signed data, the Ed25519 signature and the
/// proofValue are the ones the guide prints, byte for byte. The files and their sources: Vendor/ob3-examples/SOURCES.md.
/// </summary>
public sealed class ImplementationGuideVectorTests
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Vendor", "ob3-examples");

    private static readonly EddsaDataIntegrity Suite = new();

    private static JsonObject Json(string file) => JsonNode.Parse(File.ReadAllText(Path.Combine(Folder, file)))!.AsObject();

    private static string Printed(JsonObject values, string name) => values[name]!.GetValue<string>();

    /// <summary>
    /// vc-di-eddsa §3.2.5 (Proof Configuration, eddsa-rdfc-2022): the proof options without proofValue, with the
    /// @context of the unsecured document.
    /// </summary>
    private static JsonObject ProofConfiguration(JsonObject credential, JsonObject proof)
    {
        JsonObject configuration = (JsonObject)proof.DeepClone();
        configuration.Remove("proofValue");
        configuration["@context"] = credential["@context"]!.DeepClone();
        return configuration;
    }

    /// <summary>Compares as text first, so a failure shows the differing N-Quads, then as bytes.</summary>
    private static void AssertSameBytes(string file, byte[] actual)
    {
        Assert.Equal(File.ReadAllText(Path.Combine(Folder, file)), Encoding.UTF8.GetString(actual));
        Assert.Equal(File.ReadAllBytes(Path.Combine(Folder, file)), actual);
    }

    [Theory]
    [InlineData("obv3p0")]
    [InlineData("clrv2p0")]
    public void The_canonical_document_and_proof_configuration_are_the_guides_byte_for_byte(string vector)
    {
        JsonObject credential = Json($"{vector}-ldp-test-vector.credential.json");
        JsonObject configuration = ProofConfiguration(credential, Json($"{vector}-ldp-test-vector.proof.json"));
        JsonObject printed = Json($"{vector}-ldp-test-vector.keys-and-hashes.json");

        byte[] document = Encoding.UTF8.GetBytes(Suite.Rdfc(credential));
        byte[] proof = Encoding.UTF8.GetBytes(Suite.Rdfc(configuration));

        AssertSameBytes($"{vector}-document-canon.txt", document);
        AssertSameBytes($"{vector}-proof-canon.txt", proof);
        Assert.Equal(Printed(printed, "documentHashHex"), Convert.ToHexStringLower(SHA256.HashData(document)));
        Assert.Equal(Printed(printed, "proofHashHex"), Convert.ToHexStringLower(SHA256.HashData(proof)));
        Assert.Equal(Printed(printed, "dataToSignHex"), Convert.ToHexStringLower(Suite.HashData(credential, configuration, DataIntegritySuites.EddsaRdfc2022)));
    }

    [Theory]
    [InlineData("obv3p0")]
    [InlineData("clrv2p0")]
    public void Signing_the_credential_with_the_guides_key_gives_its_signature_and_proof(string vector)
    {
        JsonObject credential = Json($"{vector}-ldp-test-vector.credential.json");
        JsonObject expected = Json($"{vector}-ldp-test-vector.proof.json");
        JsonObject printed = Json($"{vector}-ldp-test-vector.keys-and-hashes.json");
        byte[] seed = Convert.FromHexString(Printed(printed, "privateKeyHex"))[..32];

        JsonObject signed = Suite.AddProof(credential, DataIntegritySuites.EddsaRdfc2022, Printed(printed, "verificationMethod"),
            DateTimeOffset.Parse(expected["created"]!.GetValue<string>(), CultureInfo.InvariantCulture), seed);
        JsonObject proof = signed["proof"]!.AsObject();
        string proofValue = proof["proofValue"]!.GetValue<string>();

        Assert.Equal(Printed(printed, "publicKeyMultibase"), Multikey.EncodeEd25519PublicKey(Convert.FromHexString(Printed(printed, "publicKeyHex"))));
        Assert.Equal(Printed(printed, "signatureHex"), Convert.ToHexStringLower(Base58Btc.Decode(proofValue[1..])));
        Assert.Equal(Printed(printed, "proofValue"), proofValue);
        Assert.True(JsonNode.DeepEquals(expected, proof), $"expected {expected.ToJsonString()}\nactual {proof.ToJsonString()}");
        Assert.True(Suite.Verify(signed, proof, Convert.FromHexString(Printed(printed, "publicKeyHex"))));
    }

    [Fact]
    public void Without_the_clr_context_the_clr_credential_would_lose_data_and_is_refused()
    {
        JsonObject credential = Json("clrv2p0-ldp-test-vector.credential.json");
        credential["@context"]!.AsArray().RemoveAt(1);

        ProofException error = Assert.Throws<ProofException>(() => Suite.Rdfc(credential));

        Assert.Equal("data-loss", error.Code);
    }
}
