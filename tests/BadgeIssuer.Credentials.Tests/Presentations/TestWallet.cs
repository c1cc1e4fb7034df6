using System.Globalization;
using System.Text.Json.Nodes;
using BadgeIssuer.Credentials.Codecs;
using BadgeIssuer.Credentials.Keys;
using BadgeIssuer.Credentials.Proofs.DataIntegrity;
using NSec.Cryptography;

namespace BadgeIssuer.Credentials.Tests.Presentations;

/// <summary>
/// A wallet for tests: an Ed25519 did:key that signs DID Authentication presentations the way the Learner Credential
/// Wallet does (Ed25519Signature2020) or the way VCALM's examples do (DataIntegrityProof, eddsa-rdfc-2022), hashing
/// with this library's canonicalization and signing with NSec.
/// </summary>
internal sealed class TestWallet
{
    /// <summary>The VC 2.0 context, first in every presentation.</summary>
    public const string CredentialsV2 = "https://www.w3.org/ns/credentials/v2";

    /// <summary>The context Ed25519Signature2020 needs beside it.</summary>
    public const string Ed25519Signature2020Context = "https://w3id.org/security/suites/ed25519-2020/v1";

    private readonly byte[] _seed;

    public TestWallet()
    {
        GeneratedKey key = KeyGenerator.GenerateEd25519();
        _seed = key.PrivateKey;
        string multibase = Multikey.EncodeEd25519PublicKey(Base64Url.Decode(key.PublicJwk["x"]!.GetValue<string>()));
        Did = "did:key:" + multibase;
        VerificationMethod = Did + "#" + multibase;
    }

    /// <summary>The wallet's DID.</summary>
    public string Did { get; }

    /// <summary>The did:key verification method, <c>did:key:z…#z…</c>.</summary>
    public string VerificationMethod { get; }

    /// <summary>
    /// A presentation with <paramref name="challenge"/> and (when given) <paramref name="domain"/>, signed with
    /// <paramref name="suite"/> (<see cref="DataIntegritySuites.Ed25519Signature2020"/> or
    /// <see cref="DataIntegritySuites.EddsaRdfc2022"/>). <paramref name="proofOptions"/> may change the proof options
    /// before they are signed (another purpose, another key); <paramref name="holder"/> replaces the holder.
    /// </summary>
    public JsonObject Present(string challenge, string? domain, string suite = DataIntegritySuites.Ed25519Signature2020,
        Action<JsonObject>? proofOptions = null, string? holder = null)
    {
        bool legacy = suite == DataIntegritySuites.Ed25519Signature2020;
        JsonObject presentation = new()
        {
            ["@context"] = legacy ? new JsonArray(CredentialsV2, Ed25519Signature2020Context) : new JsonArray(CredentialsV2),
            ["type"] = new JsonArray("VerifiablePresentation"),
            ["holder"] = holder ?? Did,
        };
        JsonObject proof = legacy
            ? new JsonObject { ["type"] = DataIntegritySuites.Ed25519Signature2020 }
            : new JsonObject { ["type"] = DataIntegritySuites.DataIntegrityProof, ["cryptosuite"] = DataIntegritySuites.EddsaRdfc2022 };
        proof["created"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        proof["verificationMethod"] = VerificationMethod;
        proof["proofPurpose"] = "authentication";
        proof["challenge"] = challenge;
        if (domain is not null) proof["domain"] = domain;
        proofOptions?.Invoke(proof);
        byte[] hash = new EddsaDataIntegrity().HashData(presentation, proof, suite);
        using Key key = Key.Import(SignatureAlgorithm.Ed25519, _seed, KeyBlobFormat.RawPrivateKey);
        proof["proofValue"] = "z" + Base58Btc.Encode(SignatureAlgorithm.Ed25519.Sign(key, hash));
        presentation["proof"] = proof;
        return presentation;
    }
}
