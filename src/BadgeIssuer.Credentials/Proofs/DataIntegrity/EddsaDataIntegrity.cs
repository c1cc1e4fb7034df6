// W3C Verifiable Credential Data Integrity 1.0 (§2.1 proofs, §4.2 add proof, §4.4 verify proof) and Data Integrity
// EdDSA Cryptosuites v1.0 (§3.2 eddsa-rdfc-2022, §3.3 eddsa-jcs-2022), with the legacy Ed25519Signature2020 and
// eddsa-2022 (same hashing as eddsa-rdfc-2022) for verification only. Ed25519: public key 32 bytes, signature 64 bytes.
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using BadgeIssuer.Credentials.Codecs;
using BadgeIssuer.Credentials.Contexts;
using BadgeIssuer.LinkedData;
using BadgeIssuer.LinkedData.Jcs;
using BadgeIssuer.LinkedData.JsonLd;
using BadgeIssuer.LinkedData.Rdfc;
using NSec.Cryptography;

namespace BadgeIssuer.Credentials.Proofs.DataIntegrity;

/// <summary>The Data Integrity proof types and cryptosuites this library knows.</summary>
public static class DataIntegritySuites
{
    /// <summary>The proof type of every cryptosuite-based proof.</summary>
    public const string DataIntegrityProof = "DataIntegrityProof";
    /// <summary>EdDSA over RDFC-1.0 canonical N-Quads; what OB 3.0 certification requires.</summary>
    public const string EddsaRdfc2022 = "eddsa-rdfc-2022";
    /// <summary>EdDSA over RFC 8785 canonical JSON.</summary>
    public const string EddsaJcs2022 = "eddsa-jcs-2022";
    /// <summary>The deprecated name of eddsa-rdfc-2022 (verify only).</summary>
    public const string Eddsa2022 = "eddsa-2022";
    /// <summary>The legacy Linked Data suite (verify only).</summary>
    public const string Ed25519Signature2020 = "Ed25519Signature2020";

    /// <summary>A short name for a proof: its cryptosuite, or its type for legacy suites.</summary>
    public static string NameOf(JsonObject proof)
    {
        ArgumentNullException.ThrowIfNull(proof);
        string? type = JsonText.Of(proof["type"]);
        return type == DataIntegrityProof ? JsonText.Of(proof["cryptosuite"]) ?? "(no cryptosuite)" : type ?? "(no type)";
    }

    /// <summary>True for the suites this library can verify.</summary>
    public static bool CanVerify(JsonObject proof) => NameOf(proof) is EddsaRdfc2022 or EddsaJcs2022 or Eddsa2022 or Ed25519Signature2020;

    internal static bool UsesRdfc(string name) => name is EddsaRdfc2022 or Eddsa2022 or Ed25519Signature2020;
}

/// <summary>
/// What the proof checks of one verification share: a work allowance for canonicalization, and the canonical form of
/// each secured document's unsecured copy once computed (keyed by the document object, so it lives only as long as the
/// verification that made it).
/// </summary>
/// <param name="meter">Charged for every canonicalization; <c>null</c>: unbounded but still shared.</param>
public sealed class ProofWork(WorkMeter? meter = null)
{
    /// <summary>The work allowance, or <c>null</c>.</summary>
    public WorkMeter? Meter { get; } = meter;

    internal Dictionary<JsonObject, CanonicalizationResult> CanonicalDocuments { get; } = new(ReferenceEqualityComparer.Instance);
}

/// <summary>Thrown when a document cannot be hashed for a proof (bad proof options, contexts, or data JSON-LD would drop).</summary>
public sealed class ProofException(string code, string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>A stable code: <c>unknown-context</c>, <c>data-loss</c>, <c>invalid-proof</c>, ...</summary>
    public string Code { get; } = code;
}

/// <summary>
/// An Ed25519 private key for Data Integrity proofs with its verification method id, imported once into libsodium's
/// memory; one instance may sign from several threads. Its material never appears in <see cref="ToString"/>.
/// </summary>
public sealed class DataIntegritySigningKey : IDisposable
{
    private readonly Key _key;

    /// <summary>Imports the 32-byte Ed25519 seed; the caller may wipe it afterwards.</summary>
    public DataIntegritySigningKey(string verificationMethod, ReadOnlySpan<byte> secretSeed)
    {
        ArgumentException.ThrowIfNullOrEmpty(verificationMethod);
        VerificationMethod = verificationMethod;
        _key = Key.Import(SignatureAlgorithm.Ed25519, secretSeed, KeyBlobFormat.RawPrivateKey);
    }

    /// <summary>The key's id, e.g. <c>https://issuer.example/issuers/1/keys/k1</c>.</summary>
    public string VerificationMethod { get; }

    internal byte[] Sign(ReadOnlySpan<byte> data) => SignatureAlgorithm.Ed25519.Sign(_key, data);

    /// <inheritdoc />
    public void Dispose() => _key.Dispose();

    /// <inheritdoc />
    public override string ToString() => $"DataIntegritySigningKey({VerificationMethod})";
}

/// <summary>Creates and checks EdDSA Data Integrity proofs.</summary>
/// <param name="jsonLdOptions">
/// JSON-LD options for eddsa-rdfc-2022, always run in safe mode without a base IRI; by default the contexts come from
/// <see cref="CredentialContexts.Loader"/>.
/// </param>
public sealed class EddsaDataIntegrity(JsonLdOptions? jsonLdOptions = null)
{
    /// <summary>The longest base58btc text of 64 bytes: log(256) / log(58) × 64 rounded up.</summary>
    public const int MaxSignatureBase58Length = 88;

    private readonly JsonLdOptions _jsonLd = (jsonLdOptions ?? new JsonLdOptions { DocumentLoader = CredentialContexts.Loader }) with { SafeMode = true, Base = null };

    /// <summary>
    /// Adds an <paramref name="cryptosuite"/> proof (eddsa-rdfc-2022 or eddsa-jcs-2022) to a copy of
    /// <paramref name="document"/>. An existing proof is kept and the new one joins the proof set.
    /// </summary>
    /// <param name="document">The document to secure.</param>
    /// <param name="cryptosuite">The cryptosuite.</param>
    /// <param name="verificationMethod">The key's id, e.g. <c>https://issuer.example/issuers/1/keys/k1</c>.</param>
    /// <param name="created">The proof's creation time (whole seconds are kept).</param>
    /// <param name="secretSeed">The 32-byte Ed25519 seed.</param>
    /// <param name="asArray">Write <c>proof</c> as an array even when it holds one proof (the canonical OB 3.0 JSON Schema requires it).</param>
    public JsonObject AddProof(JsonObject document, string cryptosuite, string verificationMethod, DateTimeOffset created, ReadOnlySpan<byte> secretSeed, bool asArray = false)
    {
        using DataIntegritySigningKey key = new(verificationMethod, secretSeed);
        return AddProof(document, cryptosuite, key, created, asArray);
    }

    /// <summary>
    /// Adds an <paramref name="cryptosuite"/> proof (eddsa-rdfc-2022 or eddsa-jcs-2022) made with <paramref name="key"/>
    /// to a copy of <paramref name="document"/>. An existing proof is kept and the new one joins the proof set.
    /// </summary>
    /// <param name="document">The document to secure.</param>
    /// <param name="cryptosuite">The cryptosuite.</param>
    /// <param name="key">The imported key and its verification method id.</param>
    /// <param name="created">The proof's creation time (whole seconds are kept).</param>
    /// <param name="asArray">Write <c>proof</c> as an array even when it holds one proof (the canonical OB 3.0 JSON Schema requires it).</param>
    public JsonObject AddProof(JsonObject document, string cryptosuite, DataIntegritySigningKey key, DateTimeOffset created, bool asArray = false)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(key);
        string verificationMethod = key.VerificationMethod;
        if (cryptosuite is not (DataIntegritySuites.EddsaRdfc2022 or DataIntegritySuites.EddsaJcs2022))
            throw new ArgumentException($"Proofs are created with eddsa-rdfc-2022 or eddsa-jcs-2022, not {cryptosuite}.", nameof(cryptosuite));
        JsonObject secured = (JsonObject)document.DeepClone();
        JsonNode? existing = secured["proof"];
        secured.Remove("proof");
        JsonObject proof = new()
        {
            ["type"] = DataIntegritySuites.DataIntegrityProof,
            ["cryptosuite"] = cryptosuite,
            ["created"] = created.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
            ["verificationMethod"] = verificationMethod,
            ["proofPurpose"] = "assertionMethod",
        };
        // eddsa-jcs-2022 §3.3.1 step 2: the proof carries the document's @context.
        if (cryptosuite == DataIntegritySuites.EddsaJcs2022 && secured["@context"] is JsonNode context) proof["@context"] = context.DeepClone();
        byte[] hash = HashData(secured, proof, cryptosuite);
        proof["proofValue"] = "z" + Base58Btc.Encode(key.Sign(hash));
        secured["proof"] = existing switch
        {
            null => asArray ? new JsonArray(proof) : proof,
            JsonArray set => AppendTo((JsonArray)set.DeepClone(), proof),
            _ => new JsonArray(existing.DeepClone(), proof),
        };
        return secured;
    }

    /// <summary>
    /// Checks one proof of a secured document with a 32-byte Ed25519 public key. The document's other proofs are
    /// left out of what is hashed, except those named by <c>previousProof</c> (a proof chain). With
    /// <paramref name="work"/>, canonicalization is charged to its meter, and the proofs of one proof set that cover
    /// the same unsecured document share one canonicalization of it.
    /// </summary>
    /// <exception cref="ProofException">The document cannot be hashed; the code says why.</exception>
    /// <exception cref="LinkedData.WorkLimitExceededException">The work allowance is spent.</exception>
    /// <exception cref="OperationCanceledException">The meter's token was cancelled.</exception>
    public bool Verify(JsonObject securedDocument, JsonObject proof, ReadOnlySpan<byte> publicKey, ProofWork? work = null)
    {
        ArgumentNullException.ThrowIfNull(securedDocument);
        ArgumentNullException.ThrowIfNull(proof);
        string suite = DataIntegritySuites.NameOf(proof);
        if (JsonText.Of(proof["proofValue"]) is not { Length: > 1 } proofValue || proofValue[0] != 'z')
            throw new ProofException("invalid-proof", "The proofValue must be a base58btc multibase string starting with 'z'.");
        // An Ed25519 signature is 64 bytes: longer text cannot be one, and is rejected before any decoding.
        if (proofValue.Length > 1 + MaxSignatureBase58Length)
            throw new ProofException("invalid-proof", $"The proofValue has {proofValue.Length} characters; an Ed25519 signature (64 bytes) takes at most {1 + MaxSignatureBase58Length}.");
        byte[] signature;
        try
        {
            signature = Base58Btc.Decode(proofValue[1..]);
        }
        catch (FormatException ex)
        {
            throw new ProofException("invalid-proof", $"The proofValue is not base58btc: {ex.Message}", ex);
        }
        if (signature.Length != 64) return false;
        JsonObject options = (JsonObject)proof.DeepClone();
        options.Remove("proofValue");
        byte[] hash;
        if (work is not null && proof["previousProof"] is null && DataIntegritySuites.UsesRdfc(suite))
        {
            // The unsecured document of every proof without previousProof is the same: canonicalize it once.
            if (!work.CanonicalDocuments.TryGetValue(securedDocument, out CanonicalizationResult? canonicalDocument))
                work.CanonicalDocuments[securedDocument] = canonicalDocument = Rdfc(Unsecured(securedDocument, proof), work.Meter);
            hash = Combine(Rdfc(RdfcConfiguration(options, securedDocument["@context"]), work.Meter), canonicalDocument);
        }
        else
        {
            JsonObject unsecured = Unsecured(securedDocument, proof);
            if (suite == DataIntegritySuites.EddsaJcs2022 && options["@context"] is JsonNode proofContext)
            {
                // §3.3.2: the document's @context must start with the proof's.
                if (!StartsWith(unsecured["@context"], proofContext))
                    throw new ProofException("context-mismatch", "The proof's @context is not the start of the document's @context.");
                unsecured["@context"] = proofContext.DeepClone();
            }
            hash = HashData(unsecured, options, suite, work?.Meter);
        }
        if (!PublicKey.TryImport(SignatureAlgorithm.Ed25519, publicKey, KeyBlobFormat.RawPublicKey, out PublicKey? key))
            throw new ProofException("key-unusable", "The verification method's key is not a valid Ed25519 public key.");
        return SignatureAlgorithm.Ed25519.Verify(key!, hash, signature);
    }

    /// <summary>
    /// The 64 bytes that are signed: SHA-256(canonical proof configuration) ‖ SHA-256(canonical document), where the
    /// document is exactly what the proof covers (no proof, or the previous proofs of a chain).
    /// </summary>
    public byte[] HashData(JsonObject unsecuredDocument, JsonObject proofOptions, string suite) => HashData(unsecuredDocument, proofOptions, suite, null);

    private byte[] HashData(JsonObject unsecuredDocument, JsonObject proofOptions, string suite, WorkMeter? meter)
    {
        ArgumentNullException.ThrowIfNull(unsecuredDocument);
        ArgumentNullException.ThrowIfNull(proofOptions);
        if (DataIntegritySuites.UsesRdfc(suite))
            return Combine(Rdfc(RdfcConfiguration(proofOptions, unsecuredDocument["@context"]), meter), Rdfc(unsecuredDocument, meter));
        if (suite == DataIntegritySuites.EddsaJcs2022)
            return Combine(Jcs.Canonicalize(proofOptions), Jcs.Canonicalize(unsecuredDocument));
        throw new ProofException("unsupported-cryptosuite", $"The cryptosuite '{suite}' is not supported.");
    }

    /// <summary>eddsa-rdfc-2022 §3.2.5: the proof configuration, without proofValue, takes the document's @context.</summary>
    private static JsonObject RdfcConfiguration(JsonObject proofOptions, JsonNode? documentContext)
    {
        JsonObject config = (JsonObject)proofOptions.DeepClone();
        config.Remove("proofValue");
        if (documentContext is not null) config["@context"] = documentContext.DeepClone();
        return config;
    }

    private static byte[] Combine(string canonicalConfig, string canonicalDocument)
    {
        byte[] hash = new byte[64];
        SHA256.HashData(Encoding.UTF8.GetBytes(canonicalConfig), hash.AsSpan(0, 32));
        SHA256.HashData(Encoding.UTF8.GetBytes(canonicalDocument), hash.AsSpan(32, 32));
        return hash;
    }

    private static byte[] Combine(CanonicalizationResult canonicalConfig, CanonicalizationResult canonicalDocument)
    {
        byte[] hash = new byte[64];
        canonicalConfig.Hash(HashAlgorithmName.SHA256, hash.AsSpan(0, 32));
        canonicalDocument.Hash(HashAlgorithmName.SHA256, hash.AsSpan(32, 32));
        return hash;
    }

    /// <summary>RDFC-1.0 canonical N-Quads of a JSON-LD document, in safe mode with no base IRI (Data Integrity §2.4.3).</summary>
    public string Rdfc(JsonObject document) => Rdfc(document, null).NQuads;

    private CanonicalizationResult Rdfc(JsonObject document, WorkMeter? meter)
    {
        try
        {
            return meter is null
                ? Rdfc10.Canonicalize(JsonLdProcessor.ToRdf(document, _jsonLd))
                : Rdfc10.Canonicalize(JsonLdProcessor.ToRdf(document, _jsonLd with { Meter = meter }, meter.CancellationToken), new Rdfc10Options { Meter = meter }, meter.CancellationToken);
        }
        catch (JsonLdException ex) when (ex.Code is JsonLdErrorCode.LoadingRemoteContextFailed or JsonLdErrorCode.LoadingDocumentFailed)
        {
            throw new ProofException("unknown-context", $"The document uses a context this verifier does not hold (contexts are never fetched): {ex.Message}", ex);
        }
        catch (JsonLdSafeModeException ex)
        {
            throw new ProofException("data-loss", $"JSON-LD processing would drop data ({ex.Reason}): {ex.Message}", ex);
        }
        catch (JsonLdLimitExceededException ex)
        {
            throw new ProofException("too-complex", ex.Message, ex);
        }
        catch (CanonicalizationLimitExceededException ex)
        {
            throw new ProofException("too-complex", ex.Message, ex);
        }
        catch (JsonLdException ex)
        {
            throw new ProofException("invalid-jsonld", $"The document is not valid JSON-LD: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// The document a proof covers: without <c>proof</c>, or (VC Data Integrity §4.5, proof chains) with exactly the
    /// proofs its <c>previousProof</c> names.
    /// </summary>
    private static JsonObject Unsecured(JsonObject secured, JsonObject proof)
    {
        JsonObject unsecured = (JsonObject)secured.DeepClone();
        unsecured.Remove("proof");
        if (proof["previousProof"] is not JsonNode previous) return unsecured;
        HashSet<string> ids = [.. (previous is JsonArray a ? a.Select(JsonText.Of) : [JsonText.Of(previous)]).OfType<string>()];
        JsonArray chain = [];
        foreach (JsonNode? other in secured["proof"] is JsonArray set ? set : new JsonArray(secured["proof"]?.DeepClone()))
            if (other is JsonObject o && JsonText.Of(o["id"]) is { } id && ids.Remove(id)) chain.Add(o.DeepClone());
        if (ids.Count > 0) throw new ProofException("missing-previous-proof", $"The proof names previous proofs that are not in the document: {string.Join(", ", ids)}.");
        unsecured["proof"] = chain.Count == 1 ? chain[0]!.DeepClone() : chain;
        return unsecured;
    }

    private static bool StartsWith(JsonNode? documentContext, JsonNode proofContext)
    {
        JsonNode?[] document = documentContext is JsonArray da ? [.. da] : [documentContext];
        JsonNode?[] prefix = proofContext is JsonArray pa ? [.. pa] : [proofContext];
        return prefix.Length <= document.Length && prefix.Select((p, i) => JsonNode.DeepEquals(p, document[i])).All(x => x);
    }

    private static JsonArray AppendTo(JsonArray set, JsonObject proof)
    {
        set.Add(proof);
        return set;
    }
}
