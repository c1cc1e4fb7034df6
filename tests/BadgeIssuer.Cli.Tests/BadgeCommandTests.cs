using System.Text;
using System.Text.Json.Nodes;
using BadgeIssuer.Cli;
using BadgeIssuer.Credentials.Codecs;
using BadgeIssuer.Credentials.Keys;
using BadgeIssuer.Credentials.Proofs.DataIntegrity;
using BadgeIssuer.Credentials.Proofs.Jose;

namespace BadgeIssuer.Cli.Tests;

public sealed class BadgeCommandTests
{
    private const string Credential = """
        { "@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
          "id": "http://example.com/credentials/3527", "type": ["VerifiableCredential", "OpenBadgeCredential"],
          "issuer": {"id": "https://example.edu/issuers/565049", "type": ["Profile"], "name": "Example Corp"},
          "validFrom": "2010-01-01T00:00:00Z",
          "credentialSubject": {"id": "did:example:ebfeb1f712ebc6f1c276e12ec21", "type": ["AchievementSubject"],
            "achievement": {"id": "https://example.com/achievements/teamwork", "type": ["Achievement"],
              "criteria": {"narrative": "n"}, "description": "d", "name": "Teamwork"}}}
        """;

    private static (int Code, string Out, string Err) Run(string input, params string[] args)
    {
        using StringWriter stdout = new();
        using StringWriter stderr = new();
        int code = BadgeCommand.Run(args, new StringReader(input), stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void Canonicalize_prints_sorted_canonical_nquads_from_standard_input()
    {
        (int code, string output, _) = Run(Credential, "canonicalize", "-");

        Assert.Equal(0, code);
        string[] lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(lines.Order(StringComparer.Ordinal), lines);
        Assert.Contains("<http://example.com/credentials/3527> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://purl.imsglobal.org/spec/vc/ob/vocab.html#OpenBadgeCredential> .", lines);
        Assert.EndsWith("\n", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Canonicalize_reads_a_file()
    {
        string file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, Credential);
            Assert.Equal(Run(Credential, "canonicalize", "-").Out, Run("", "canonicalize", file).Out);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Jcs_prints_the_canonical_json()
    {
        (int code, string output, _) = Run("{ \"b\": 1.0, \"a\": [true, null] }", "jcs", "-");
        Assert.Equal(0, code);
        Assert.Equal("{\"a\":[true,null],\"b\":1}", output);
    }

    [Theory]
    [InlineData("{\"a\":", "canonicalize", "not valid JSON")]
    [InlineData("{\"@context\": \"https://example.org/unpinned\", \"p\": 1}", "canonicalize", "could not be loaded")]
    [InlineData("{\"@context\": {\"@vocab\": \"http://example.org/\"}, \"@id\": \"relative\", \"p\": 1}", "canonicalize", "relative subject reference")]
    [InlineData("{\"a\":1,\"a\":2}", "jcs", "")]
    public void Bad_input_exits_with_2_and_the_reason_on_stderr(string input, string command, string reason)
    {
        (int code, string output, string error) = Run(input, command, "-");
        Assert.Equal(2, code);
        Assert.Empty(output);
        Assert.StartsWith("badge: ", error, StringComparison.Ordinal);
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData]
    [InlineData("sign")]
    [InlineData("canonicalize")]
    [InlineData("canonicalize", "a", "b")]
    public void Wrong_usage_exits_with_2_and_the_usage(params string[] args)
    {
        (int code, _, string error) = Run("", args);
        Assert.Equal(2, code);
        Assert.Contains("usage: badge", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_exits_with_2()
    {
        (int code, _, string error) = Run("", "jcs", "/no/such/file.json");
        Assert.Equal(2, code);
        Assert.Contains("cannot read", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_reports_a_credential_whose_did_key_issuer_signed_it_as_valid()
    {
        GeneratedKey key = KeyGenerator.GenerateEd25519();
        string multibase = Multikey.EncodeEd25519PublicKey(Base64Url.Decode(key.PublicJwk["x"]!.GetValue<string>()));
        JsonObject credential = JsonNode.Parse(Credential)!.AsObject();
        credential["issuer"]!["id"] = "did:key:" + multibase;
        JsonObject signed = new EddsaDataIntegrity().AddProof(credential, "eddsa-rdfc-2022",
            $"did:key:{multibase}#{multibase}", DateTimeOffset.UtcNow.AddMinutes(-1), key.PrivateKey, asArray: true);

        (int code, string output, _) = Run(signed.ToJsonString(), "verify", "-");

        Assert.Equal(0, code);
        Assert.Contains("\"status\": \"valid\"", output, StringComparison.Ordinal);
        signed["name"] = "Changed";
        (int tamperedCode, string tamperedOutput, _) = Run(signed.ToJsonString(), "verify", "-");
        Assert.Equal(1, tamperedCode);
        Assert.Contains("signature-mismatch", tamperedOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_says_cannot_tell_for_a_key_nobody_vouches_for_and_reads_jwts_too()
    {
        GeneratedKey key = KeyGenerator.GenerateP256();
        JsonObject header = new() { ["alg"] = "ES256", ["typ"] = "JWT", ["jwk"] = key.PublicJwk.DeepClone() };
        string input = Base64Url.Encode(Encoding.UTF8.GetBytes(header.ToJsonString())) + "."
            + Base64Url.Encode(Encoding.UTF8.GetBytes(JsonNode.Parse(Credential)!.ToJsonString()));
        string jwt = input + "." + Base64Url.Encode(JwsSignatures.Sign("ES256", key.PrivateKey, Encoding.ASCII.GetBytes(input)));

        (int code, string output, _) = Run(jwt, "verify", "-");

        Assert.Equal(1, code);
        Assert.Contains("\"status\": \"indeterminate\"", output, StringComparison.Ordinal);
        Assert.Contains("key-provenance-unverified", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_prints_the_report_of_each_credential_a_clr_carries()
    {
        GeneratedKey key = KeyGenerator.GenerateEd25519();
        string multibase = Multikey.EncodeEd25519PublicKey(Base64Url.Decode(key.PublicJwk["x"]!.GetValue<string>()));
        string did = "did:key:" + multibase;
        EddsaDataIntegrity suite = new();
        JsonObject badge = JsonNode.Parse(Credential)!.AsObject();
        badge["issuer"]!["id"] = did;
        badge["name"] = "Teamwork";
        JsonObject clr = JsonNode.Parse("""
            { "@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json",
                           "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
              "id": "http://example.com/clrs/1", "type": ["VerifiableCredential", "ClrCredential"], "name": "Record",
              "issuer": {"id": "placeholder", "type": ["Profile"]}, "validFrom": "2010-01-01T00:00:00Z",
              "credentialSubject": {"id": "did:example:ebfeb1f712ebc6f1c276e12ec21", "type": ["ClrSubject"]} }
            """)!.AsObject();
        clr["issuer"]!["id"] = did;
        clr["credentialSubject"]!["verifiableCredential"] = new JsonArray(
            suite.AddProof(badge, "eddsa-rdfc-2022", $"{did}#{multibase}", DateTimeOffset.UtcNow.AddMinutes(-1), key.PrivateKey, asArray: true));
        JsonObject signed = suite.AddProof(clr, "eddsa-rdfc-2022", $"{did}#{multibase}", DateTimeOffset.UtcNow.AddMinutes(-1), key.PrivateKey, asArray: true);

        (int code, string output, _) = Run(signed.ToJsonString(), "verify", "-");

        Assert.Equal(0, code);
        JsonObject report = JsonNode.Parse(output)!.AsObject();
        Assert.Equal("credentials-valid", report["checks"]!.AsArray().Single(c => c!["check"]!.GetValue<string>() == "credentials")!["code"]!.GetValue<string>());
        Assert.Equal("Teamwork", Assert.Single(report["credentials"]!.AsArray())!["credential"]!["achievementName"]!.GetValue<string>());
    }
}
