// VC Data Integrity 1.0 §4.4 (verify proof) and §2.6 (controller and verification method); OB 3.0 §8.3.2 and the
// implementation guide's key provenance rules. Keys come from this service's own records or from a did:key; nothing is
// fetched from an address found in a credential.
using System.Text.Json.Nodes;
using BadgeIssuer.Credentials.Codecs;
using BadgeIssuer.Credentials.Keys;
using BadgeIssuer.Credentials.Proofs.DataIntegrity;
using BadgeIssuer.Credentials.Proofs.Jose;
using static BadgeIssuer.Credentials.Verification.VerificationCodes;

namespace BadgeIssuer.Credentials.Verification;

/// <summary>The <c>proof</c> and <c>key-provenance</c> checks of a credential with embedded Data Integrity proofs.</summary>
internal sealed class ProofChecks(ITrustedKeySource trustedKeys, EddsaDataIntegrity dataIntegrity, RemoteDocuments? remote)
{
    /// <summary>At most this many proofs of one proof set are checked; a set with more is not checked at all.</summary>
    public const int MaxProofs = 8;

    /// <summary>VC Data Integrity §2.1: members every supported proof must have; a missing one is reported as missing, not as malformed.</summary>
    private static readonly string[] RequiredMembers = ["proofPurpose", "verificationMethod", "proofValue"];

    public async Task<IReadOnlyList<VerificationCheck>> RunAsync(JsonObject credential, VerificationBudget budget)
    {
        IReadOnlyList<JsonObject> proofs = CredentialChecks.Objects(credential["proof"]);
        if (proofs.Count == 0)
            return [new(Checks.Proof, CheckStatus.Failed, NoProof, "The credential carries no proof, so nothing shows who issued it or that it is unchanged.")];
        if (proofs.Count > MaxProofs)
        {
            VerificationCheck notChecked = new(Checks.KeyProvenance, CheckStatus.Skipped, NotChecked, "Who owns the key was not checked, because no proof was checked.");
            return [new(Checks.Proof, CheckStatus.Indeterminate, TooManyProofs, $"The credential carries {proofs.Count} proofs; at most {MaxProofs} are checked, so none of them was."),
                notChecked, IssuerIdentityCheck.Run(credential, notChecked, null)];
        }

        List<VerificationCheck> checks = [];
        VerificationCheck? provenance = null;
        IssuerVoucher? voucher = null;
        foreach (JsonObject proof in proofs)
        {
            (VerificationCheck check, VerificationCheck? keyCheck, IssuerVoucher? keyVoucher) = await CheckAsync(credential, proof, budget);
            checks.Add(check);
            if (check.Status == CheckStatus.Passed && keyCheck is not null && (provenance is null || Rank(keyCheck) > Rank(provenance) || (Rank(keyCheck) == Rank(provenance) && voucher is null)))
                (provenance, voucher) = (keyCheck, keyVoucher);
        }
        provenance ??= new VerificationCheck(Checks.KeyProvenance, CheckStatus.Skipped, NotChecked, "Who owns the key was not checked, because no proof could be verified.");
        checks.Add(provenance);
        checks.Add(IssuerIdentityCheck.Run(credential, provenance, voucher));
        if (!checks.Any(c => c.Check == Checks.Proof && c.Status == CheckStatus.Passed) && !checks.Any(c => c.Status == CheckStatus.Failed))
            checks.Add(new(Checks.Proof, CheckStatus.Indeterminate, NoVerifiableProof, "None of the credential's proofs could be checked here."));
        return checks;
    }

    /// <summary>
    /// The credential as far as its proofs are looked at: itself, or, when its proof set is over the limit, a copy with
    /// only the first <see cref="MaxProofs"/> proofs, so that no check spends work on proofs that are not checked.
    /// </summary>
    public static JsonObject WithinProofLimit(JsonObject credential)
    {
        if (credential["proof"] is not JsonArray { Count: > MaxProofs } set) return credential;
        JsonObject copy = [];
        foreach ((string name, JsonNode? value) in credential)
            copy[name] = name == "proof" ? new JsonArray([.. set.Take(MaxProofs).Select(p => p?.DeepClone())]) : value?.DeepClone();
        return copy;
    }

    private static int Rank(VerificationCheck check) => check.Status switch
    {
        CheckStatus.Passed => 3,
        CheckStatus.Indeterminate => 2,
        _ => 1,
    };

    private async Task<(VerificationCheck Proof, VerificationCheck? Provenance, IssuerVoucher? Voucher)> CheckAsync(JsonObject credential, JsonObject proof, VerificationBudget budget)
    {
        string suite = DataIntegritySuites.NameOf(proof);
        if (proof["type"] is null || (JsonText.Of(proof["type"]) == DataIntegritySuites.DataIntegrityProof && proof["cryptosuite"] is null))
            return (new(Checks.Proof, CheckStatus.Failed, MissingField, $"A proof has no {(proof["type"] is null ? "type" : "cryptosuite")}, which VC Data Integrity requires."), null, null);
        if (!DataIntegritySuites.CanVerify(proof))
            return (new(Checks.Proof, CheckStatus.Skipped, UnsupportedProof, $"A proof of type {suite} is not supported here, so it was not checked."), null, null);
        if (RequiredMembers.FirstOrDefault(name => proof[name] is null) is { } missing)
            return (new(Checks.Proof, CheckStatus.Failed, MissingField, $"The {suite} proof has no {missing}, which VC Data Integrity requires."), null, null);
        if (JsonText.Of(proof["proofPurpose"]) != "assertionMethod")
            return (new(Checks.Proof, CheckStatus.Failed, WrongProofPurpose, $"The {suite} proof's purpose must be assertionMethod; found {proof["proofPurpose"]!.ToJsonString()}."), null, null);
        if (proof["created"] is JsonNode createdNode && (JsonText.Of(createdNode) is not { } createdText || !VcJwt.TryParseDateTimeZ(createdText, out _)))
            return (new(Checks.Proof, CheckStatus.Failed, InvalidDate, $"The {suite} proof's created date is not a date-time with a time zone."), null, null);
        if (JsonText.Of(proof["verificationMethod"]) is not { } method)
            return (new(Checks.Proof, CheckStatus.Failed, NoKey, $"The {suite} proof's verificationMethod must be the URL of a key; found {proof["verificationMethod"]!.ToJsonString()}."), null, null);

        string? issuerId = VcJwt.IssuerId(credential);
        (byte[]? key, VerificationCheck provenance, IssuerVoucher? voucher) = await ResolveAsync(method, credential, issuerId, budget);
        if (issuerId is null) provenance = CredentialChecks.NoIssuerId;
        if (key is null)
            return (new(Checks.Proof, CheckStatus.Indeterminate, KeyUnresolved,
                $"The key '{method}' is not one this service knows, and keys are not fetched from addresses found in a credential."), null, null);
        try
        {
            return dataIntegrity.Verify(credential, proof, key, budget.Proofs)
                ? (new(Checks.Proof, CheckStatus.Passed, SignatureValid, $"The {suite} proof is valid."), provenance, voucher)
                : (new(Checks.Proof, CheckStatus.Failed, SignatureMismatch, $"The {suite} proof does not match: the credential was changed after it was signed, or it was signed with another key."), null, null);
        }
        catch (ProofException ex)
        {
            return (new(Checks.Proof, CheckStatus.Failed, ex.Code, $"The {suite} proof could not be checked: {ex.Message}"), null, null);
        }
    }

    /// <summary>The public key of a verification method and what is known about who controls it.</summary>
    private async Task<(byte[]? Key, VerificationCheck Provenance, IssuerVoucher? Voucher)> ResolveAsync(string method, JsonObject credential, string? issuerId, VerificationBudget budget)
    {
        if (await trustedKeys.FindByKeyIdAsync(method, budget.Token) is { } trusted)
        {
            byte[]? key = trusted.PublicJwk["kty"]?.GetValue<string>() == "OKP" ? Base64Url.TryDecode(trusted.PublicJwk["x"]?.GetValue<string>() ?? "") : null;
            return (key, await OwnKeyProvenance.CheckAsync(trustedKeys, trusted, credential, issuerId, budget.Token), IssuerVoucher.ThisService);
        }
        if (DidKey.TryParse(method, out DidKey? didKey))
        {
            return (didKey!.Ed25519PublicKey, string.Equals(didKey.Did, issuerId, StringComparison.Ordinal)
                ? new(Checks.KeyProvenance, CheckStatus.Passed, KeyProvenanceVerified, "The signing key is the issuer's own did:key identifier.")
                : new(Checks.KeyProvenance, CheckStatus.Indeterminate, KeyProvenanceUnverified, $"The signing key {didKey.Did} is not the issuer's id, and nothing shows that {issuerId} controls it."), null);
        }
        int hash = method.IndexOf('#', StringComparison.Ordinal);
        string controllerReference = hash > 0 ? method[..hash] : method;
        Uri? controllerUrl = RemoteDocuments.DidWebUrl(controllerReference)
            ?? (Uri.TryCreate(controllerReference, UriKind.Absolute, out Uri? url) && url.Scheme == Uri.UriSchemeHttps ? url : null);
        if (remote is not null && controllerUrl is not null && remote.IsAllowed(controllerUrl))
            return await FromControllerDocumentAsync(method, controllerReference, controllerUrl, issuerId, budget);
        if (hash > 0)
        {
            string controller = method[..hash];
            try
            {
                byte[] key = Multikey.DecodeEd25519PublicKey(method[(hash + 1)..]);
                return (key, string.Equals(controller, issuerId, StringComparison.Ordinal)
                    ? new(Checks.KeyProvenance, CheckStatus.Indeterminate, KeyProvenanceUnverified,
                        $"The key was taken from the verification method's own name; {issuerId} does not publish it where this service can see, so anyone could have made it.")
                    : new(Checks.KeyProvenance, CheckStatus.Failed, KeyOfAnotherIssuer, $"The verification method belongs to {controller}, not to the credential's issuer {issuerId ?? "(none)"}."), null);
            }
            catch (FormatException)
            {
                return (null, new(Checks.KeyProvenance, CheckStatus.Skipped, NotChecked, "The key could not be resolved."), null);
            }
        }
        return (null, new(Checks.KeyProvenance, CheckStatus.Skipped, NotChecked, "The key could not be resolved."), null);
    }

    /// <summary>
    /// VC Data Integrity §2.6 / Controlled Identifiers §3: the controller document (fetched from an allow-listed host)
    /// must list the verification method, authorise it for assertionMethod, and be the issuer's.
    /// </summary>
    private async Task<(byte[]? Key, VerificationCheck Provenance, IssuerVoucher? Voucher)> FromControllerDocumentAsync(string method, string controllerId, Uri url, string? issuerId, VerificationBudget budget)
    {
        budget.ChargeDocument();
        RemoteDocumentResult fetched = await remote!.FetchAsync(url, budget.Token);
        if (fetched.Document is not { } document)
            return (null, new(Checks.KeyProvenance, CheckStatus.Indeterminate, KeyUnresolved, $"The issuer's controller document could not be read: {fetched.Problem}"), null);
        string Absolute(string? id) => id is not null && id.StartsWith('#') ? controllerId + id : id ?? "";
        JsonObject? vm = JsonText.Of(document["id"]) == method ? document
            : (document["verificationMethod"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(m => Absolute(JsonText.Of(m["id"])) == method);
        if (vm is null || JsonText.Of(vm["publicKeyMultibase"]) is not { } multibase)
            return (null, new(Checks.KeyProvenance, CheckStatus.Indeterminate, KeyUnresolved, $"{url} does not list the verification method {method} with a publicKeyMultibase."), null);
        byte[] key;
        try
        {
            key = Multikey.DecodeEd25519PublicKey(multibase);
        }
        catch (FormatException ex)
        {
            return (null, new(Checks.KeyProvenance, CheckStatus.Indeterminate, KeyUnresolved, $"The verification method's key is not an Ed25519 Multikey: {ex.Message}"), null);
        }
        string controller = Absolute(JsonText.Of(vm["controller"]) ?? JsonText.Of(document["id"]));
        bool authorised = document["assertionMethod"] is JsonArray assertion
            && assertion.Any(a => Absolute(a is JsonObject o ? JsonText.Of(o["id"]) : JsonText.Of(a)) == method);
        VerificationCheck provenance = !authorised
            ? new(Checks.KeyProvenance, CheckStatus.Failed, KeyNotAuthorized, $"{controller} does not authorise {method} for assertionMethod, so it may not issue credentials with it.")
            : !string.Equals(controller, issuerId, StringComparison.Ordinal) || !string.Equals(Absolute(JsonText.Of(document["id"])), controller, StringComparison.Ordinal)
                ? new(Checks.KeyProvenance, CheckStatus.Failed, KeyOfAnotherIssuer, $"The signing key is controlled by {controller}, not by the credential's issuer {issuerId ?? "(none)"}.")
                : new(Checks.KeyProvenance, CheckStatus.Passed, KeyProvenanceVerified, $"The issuer's controller document at {url} lists the signing key for issuing.");
        return (key, provenance, IssuerVoucher.ControllerDocument(url));
    }
}
