// DID Authentication: a holder proves control of a DID by signing a VerifiablePresentation over a verifier's challenge.
// VCALM (W3C VC API for Lifecycle Management) §"DID Authentication": the response is a VerifiablePresentation whose
// `holder` is the DID and whose proof carries the requested `challenge` and `domain`; VC Data Integrity 1.0 §2.1
// (proofPurpose, challenge, domain: a string or a set holding the verifier's) and §4.4 (verify proof); Controlled
// Identifiers 1.0 §3 (the verification method must be authorised for the purpose by its controller).
// Two proof forms are accepted: DataIntegrityProof with eddsa-rdfc-2022 (Data Integrity EdDSA Cryptosuites v1.0
// §3.2) and Ed25519Signature2020 (W3C CCG Ed25519Signature2020, the suite the Learner Credential Wallet signs with:
// SHA-256 of the RDFC-1.0 canonical proof options, which take the document's @context, followed by SHA-256 of the
// canonical document without its proof, Ed25519 over the 64 bytes, proofValue base58btc multibase). Both are hashed by
// EddsaDataIntegrity. Keys are did:key (v0.7): the DID is the key, so nothing is resolved over the network, and its
// DID document lists the key under `authentication`, which is the purpose checked here.
using System.Text.Json.Nodes;
using BadgeIssuer.Credentials.Keys;
using BadgeIssuer.Credentials.Proofs.DataIntegrity;
using BadgeIssuer.Credentials.Proofs.Jose;
using BadgeIssuer.LinkedData;

namespace BadgeIssuer.Credentials.Presentations;

/// <summary>What the verifier asked for: the challenge it handed out and its domain.</summary>
/// <param name="Challenge">The challenge the proof must carry, exactly.</param>
/// <param name="Domain">The verifier's domain.</param>
/// <param name="DomainRequired">
/// True when the domain was part of the request, so the proof must carry it. False for a request that named none (the
/// Learner Credential Wallet's legacy deep link has no domain parameter): a proof may then carry no domain, but one that
/// names a domain must name this one, since it was made for another verifier otherwise.
/// </param>
public sealed record DidAuthRequest(string Challenge, string Domain, bool DomainRequired);

/// <summary>Why a presentation was refused: a stable code, the JSON Pointer (within the presentation) of what is wrong, and a sentence.</summary>
public sealed record DidAuthFailure(string Code, string Pointer, string Detail);

/// <summary>The holder's DID when the presentation authenticates it, otherwise why not.</summary>
public sealed record DidAuthResult(string? HolderDid, DidAuthFailure? Failure)
{
    /// <summary>True when the presentation proves control of <see cref="HolderDid"/>.</summary>
    public bool Authenticated => HolderDid is not null;
}

/// <summary>The stable codes of <see cref="DidAuthFailure"/>.</summary>
public static class DidAuthCodes
{
    /// <summary>The body is not a VerifiablePresentation.</summary>
    public const string NotAPresentation = "not-a-presentation";
    /// <summary>The presentation names no holder, or a holder that is not a did:key DID.</summary>
    public const string UnsupportedHolder = "unsupported-holder";
    /// <summary>The presentation has no proof, or more than one.</summary>
    public const string ProofCount = "proof-count";
    /// <summary>The proof is of a type or cryptosuite not accepted here.</summary>
    public const string UnsupportedProof = "unsupported-proof";
    /// <summary>The proof's purpose is not authentication.</summary>
    public const string WrongProofPurpose = "wrong-proof-purpose";
    /// <summary>The proof carries another challenge, or none.</summary>
    public const string ChallengeMismatch = "challenge-mismatch";
    /// <summary>The proof carries another domain, or none where one was requested.</summary>
    public const string DomainMismatch = "domain-mismatch";
    /// <summary>The proof's created date is not a date-time.</summary>
    public const string InvalidDate = "invalid-date";
    /// <summary>The verification method is not a key of the holder's DID.</summary>
    public const string KeyNotHolders = "key-not-holders";
    /// <summary>The signature does not match the presentation and the key.</summary>
    public const string SignatureMismatch = "signature-mismatch";
    /// <summary>The presentation could not be hashed (unknown context, data JSON-LD would drop, too much work).</summary>
    public const string Unverifiable = "unverifiable";
}

/// <summary>
/// Verifies a DID Authentication presentation: one proof, purpose <c>authentication</c>, the expected challenge and
/// domain, signed by a key of the holder's did:key DID, with Ed25519Signature2020 or eddsa-rdfc-2022. Every answer is a
/// <see cref="DidAuthResult"/>; canonicalization is bounded by <see cref="MaxSteps"/> and <see cref="Timeout"/>.
/// </summary>
/// <param name="dataIntegrity">The proof hashing and checking shared with credential verification.</param>
public sealed class DidAuthentication(EddsaDataIntegrity dataIntegrity)
{
    /// <summary>JSON-LD and RDFC-1.0 steps one presentation may take (a DID Authentication presentation takes a few hundred).</summary>
    public const long MaxSteps = 200_000;

    /// <summary>How long checking one presentation may take.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    /// <summary>The DID method accepted for holders (VCALM <c>acceptedMethods</c>).</summary>
    public const string AcceptedMethod = "key";

    private const string Holder = "/holder";

    /// <summary>Checks <paramref name="presentation"/> against <paramref name="request"/>.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public DidAuthResult Verify(JsonObject presentation, DidAuthRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(presentation);
        ArgumentNullException.ThrowIfNull(request);
        if (!HasType(presentation["type"], "VerifiablePresentation"))
            return Refused(DidAuthCodes.NotAPresentation, "/type", "The body is not a VerifiablePresentation: its type must include \"VerifiablePresentation\".");
        if (presentation["@context"] is null)
            return Refused(DidAuthCodes.NotAPresentation, "/@context", "The presentation has no @context.");

        string? holder = presentation["holder"] is JsonObject holderObject ? JsonText.Of(holderObject["id"]) : JsonText.Of(presentation["holder"]);
        if (holder is null)
            return Refused(DidAuthCodes.UnsupportedHolder, Holder, "The presentation names no holder: DID Authentication needs the holder's DID.");
        if (!holder.StartsWith("did:key:", StringComparison.Ordinal) || holder.Contains('#', StringComparison.Ordinal) || !DidKey.TryParse(holder, out DidKey? holderKey))
            return Refused(DidAuthCodes.UnsupportedHolder, Holder, "The holder must be an Ed25519 did:key DID (did:key:z6Mk...), the only DID method this service accepts.");

        JsonObject? proof = presentation["proof"] switch
        {
            JsonObject single => single,
            JsonArray { Count: 1 } set => set[0] as JsonObject,
            _ => null,
        };
        if (proof is null)
            return Refused(DidAuthCodes.ProofCount, "/proof", "The presentation must carry exactly one proof (an object).");
        string proofPointer = presentation["proof"] is JsonArray ? "/proof/0" : "/proof";

        string suite = DataIntegritySuites.NameOf(proof);
        if (suite is not (DataIntegritySuites.Ed25519Signature2020 or DataIntegritySuites.EddsaRdfc2022))
            return Refused(DidAuthCodes.UnsupportedProof, proofPointer + "/type",
                $"A proof of {suite} is not accepted; sign with Ed25519Signature2020 or a DataIntegrityProof with eddsa-rdfc-2022.");
        if (JsonText.Of(proof["proofPurpose"]) != "authentication")
            return Refused(DidAuthCodes.WrongProofPurpose, proofPointer + "/proofPurpose",
                $"The proof's purpose must be authentication; found {proof["proofPurpose"]?.ToJsonString() ?? "none"}.");
        if (!string.Equals(JsonText.Of(proof["challenge"]), request.Challenge, StringComparison.Ordinal))
            return Refused(DidAuthCodes.ChallengeMismatch, proofPointer + "/challenge",
                proof["challenge"] is null ? "The proof carries no challenge; sign over the challenge this exchange gave." : "The proof carries another challenge than the one this exchange gave: it was made for another request.");
        if (DomainProblem(proof["domain"], request) is { } domainProblem)
            return Refused(DidAuthCodes.DomainMismatch, proofPointer + "/domain", domainProblem);
        if (proof["created"] is JsonNode created && (JsonText.Of(created) is not { } createdText || !VcJwt.TryParseDateTimeZ(createdText, out _)))
            return Refused(DidAuthCodes.InvalidDate, proofPointer + "/created", "The proof's created date is not a date-time with a time zone.");

        string? method = JsonText.Of(proof["verificationMethod"]);
        if (method is null || !method.Contains('#', StringComparison.Ordinal) || !DidKey.TryParse(method, out DidKey? key) || key!.Did != holderKey!.Did)
            return Refused(DidAuthCodes.KeyNotHolders, proofPointer + "/verificationMethod",
                $"The verification method must be the holder's did:key key, {holderKey!.VerificationMethodId}; a key of another DID cannot authenticate the holder.");
        if (JsonText.Of(proof["proofValue"]) is null)
            return Refused(DidAuthCodes.SignatureMismatch, proofPointer + "/proofValue", "The proof has no proofValue.");

        try
        {
            WorkMeter meter = new(MaxSteps, Timeout, TimeProvider.System, cancellationToken);
            return dataIntegrity.Verify(presentation, proof, key.Ed25519PublicKey, new ProofWork(meter))
                ? new DidAuthResult(holder, null)
                : Refused(DidAuthCodes.SignatureMismatch, proofPointer + "/proofValue",
                    $"The {suite} signature does not match: the presentation was changed after it was signed, or signed with another key.");
        }
        catch (ProofException ex)
        {
            return Refused(DidAuthCodes.Unverifiable, proofPointer, $"The {suite} proof could not be checked ({ex.Code}): {ex.Message}");
        }
        catch (WorkLimitExceededException ex)
        {
            return Refused(DidAuthCodes.Unverifiable, "", $"The presentation takes more work to check than a DID Authentication presentation may: {ex.Message}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Refused(DidAuthCodes.Unverifiable, "", $"The presentation could not be checked within {Timeout.TotalSeconds:0} seconds.");
        }
    }

    /// <summary>VC Data Integrity §2.1: <c>domain</c> is a string or an unordered set of strings; the verifier's must be among them.</summary>
    private static string? DomainProblem(JsonNode? domain, DidAuthRequest request)
    {
        if (domain is null)
            return request.DomainRequired ? $"The proof carries no domain; this exchange asked for the domain {request.Domain}." : null;
        bool matches = domain switch
        {
            JsonArray set => set.Any(d => string.Equals(JsonText.Of(d), request.Domain, StringComparison.Ordinal)),
            _ => string.Equals(JsonText.Of(domain), request.Domain, StringComparison.Ordinal),
        };
        return matches ? null : $"The proof was made for another domain; this service's is {request.Domain}.";
    }

    private static bool HasType(JsonNode? type, string name) => type switch
    {
        JsonArray types => types.Any(t => JsonText.Of(t) == name),
        _ => JsonText.Of(type) == name,
    };

    private static DidAuthResult Refused(string code, string pointer, string detail) => new(null, new DidAuthFailure(code, pointer, detail));
}
