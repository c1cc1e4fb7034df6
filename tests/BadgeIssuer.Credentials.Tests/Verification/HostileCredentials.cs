using System.Security.Cryptography;
using System.Text.Json.Nodes;
using BadgeIssuer.Credentials.Codecs;
using BadgeIssuer.Credentials.Keys;

namespace BadgeIssuer.Credentials.Tests.Verification;

/// <summary>
/// The hostile credentials of issue 11, shared by the unit tests and the API tests: many identical evidence items
/// (blank nodes that make canonicalization work hard), large proof sets and oversized proof values. Every proof names a
/// did:key that is the issuer's id, so a verifier resolves the key without fetching and goes on to canonicalize.
/// </summary>
internal static class HostileCredentials
{
    /// <summary>The issuer's did:key, made once from a fixed public key.</summary>
    public static readonly string IssuerDid = "did:key:" + Multikey.EncodeEd25519PublicKey(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());

    /// <summary>An OB 3.0 credential with <paramref name="evidence"/> evidence items and a proof set of <paramref name="proofs"/> proofs.</summary>
    public static JsonObject Credential(int evidence, int proofs, int proofValueLength = 0)
    {
        JsonObject credential = TestCredentials.Credential(IssuerDid);
        if (evidence > 0)
        {
            JsonArray items = [];
            for (int i = 0; i < evidence; i++)
                items.Add(new JsonObject { ["type"] = new JsonArray("Evidence"), ["name"] = "Lesson plan", ["description"] = "The same evidence again." });
            credential["evidence"] = items;
        }
        JsonArray set = [];
        for (int i = 0; i < proofs; i++) set.Add(Proof(proofValueLength));
        credential["proof"] = set;
        return credential;
    }

    /// <summary>One eddsa-rdfc-2022 proof with a random 64-byte signature, or a base58btc proofValue of the given length.</summary>
    public static JsonObject Proof(int proofValueLength = 0) => new()
    {
        ["type"] = "DataIntegrityProof",
        ["cryptosuite"] = "eddsa-rdfc-2022",
        ["created"] = "2026-11-01T00:00:00Z",
        ["verificationMethod"] = IssuerDid + "#" + IssuerDid["did:key:".Length..],
        ["proofPurpose"] = "assertionMethod",
        ["proofValue"] = "z" + (proofValueLength > 0 ? new string('2', proofValueLength) : Base58Btc.Encode(RandomNumberGenerator.GetBytes(64))),
    };

    /// <summary>The 95 KB case: 1,000 evidence items and a proof set of 100 proofs.</summary>
    public static JsonObject ManyEvidenceManyProofs() => Credential(1_000, 100);

    /// <summary>The ~1.7 MB case: 5,000 proofs (under the 2 MiB body limit).</summary>
    public static JsonObject FiveThousandProofs() => Credential(100, 5_000);

    /// <summary>One proof whose proofValue is 1.5 MB of base58btc.</summary>
    public static JsonObject HugeProofValue() => Credential(0, 1, 1_500_000);
}
