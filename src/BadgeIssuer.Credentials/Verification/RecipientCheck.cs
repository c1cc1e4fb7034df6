// OB 3.0 §9.1 step 5 and §9.3 (verify the recipient): the subject's id, or an IdentityObject whose identityType
// matches and whose identityHash is the salted hash (or, unhashed, the plain value) of the identity the verifier knows.
using System.Text.Json.Nodes;
using BadgeIssuer.Credentials.Issuing;
using static BadgeIssuer.Credentials.Verification.VerificationCodes;

namespace BadgeIssuer.Credentials.Verification;

/// <summary>Who the verifier expects the credential to be about, learnt out of band (e.g. the applicant's e-mail).</summary>
/// <param name="Identity">The identifier: an e-mail address, a URL, a DID, a student id...</param>
/// <param name="IdentityType">An OB 3.0 IdentifierTypeEnum value such as <c>emailAddress</c>; <c>null</c> compares with every type.</param>
public sealed record ExpectedRecipient(string Identity, string? IdentityType = null);

/// <summary>The <c>recipient</c> check.</summary>
public static class RecipientCheck
{
    /// <summary>Compares the credential's subject with the expected recipient.</summary>
    public static VerificationCheck Run(JsonObject credential, ExpectedRecipient expected)
    {
        ArgumentNullException.ThrowIfNull(credential);
        ArgumentNullException.ThrowIfNull(expected);
        if (credential["credentialSubject"] is not JsonObject subject)
            return Mismatch("The credential has no subject to compare with the expected recipient.");
        if (JsonText.Of(subject["id"]) is { } id && string.Equals(id, expected.Identity, StringComparison.Ordinal))
            return new(Checks.Recipient, CheckStatus.Passed, RecipientMatched, "The credential was issued to the expected recipient (its subject id matches).");
        foreach (JsonObject identifier in CredentialChecks.Identifiers(subject))
        {
            string? type = JsonText.Of(identifier["identityType"]);
            if (expected.IdentityType is not null && !string.Equals(type, expected.IdentityType, StringComparison.Ordinal)) continue;
            if (JsonText.Of(identifier["identityHash"]) is not { } value) continue;
            bool hashed = identifier["hashed"] is JsonValue h && h.TryGetValue(out bool b) && b;
            string? salt = JsonText.Of(identifier["salt"]);
            bool matches = hashed
                ? Candidates(expected.Identity, type).Any(candidate => IdentityHash.Matches(value, candidate, salt))
                : Candidates(expected.Identity, type).Any(candidate => string.Equals(value, candidate, StringComparison.Ordinal));
            if (matches)
                return new(Checks.Recipient, CheckStatus.Passed, RecipientMatched,
                    $"The credential was issued to the expected recipient (its {type ?? "identifier"} {(hashed ? "hash " : "")}matches).");
        }
        return Mismatch($"The credential was not issued to {expected.Identity}: neither its subject id nor any of its identifiers{(expected.IdentityType is null ? "" : $" of type {expected.IdentityType}")} match.");
    }

    /// <summary>The forms of an identity worth comparing: as given, and for an e-mail address also lower-cased.</summary>
    private static IEnumerable<string> Candidates(string identity, string? type)
    {
        yield return identity;
        if (type == "emailAddress" && !string.Equals(identity, identity.ToLowerInvariant(), StringComparison.Ordinal))
            yield return identity.ToLowerInvariant();
    }

    private static VerificationCheck Mismatch(string message) => new(Checks.Recipient, CheckStatus.Failed, RecipientMismatch, message);
}
