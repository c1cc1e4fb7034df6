// OB 3.0 §8.3.2 (key provenance) and W3C Controlled Identifiers 1.0 §2.2 (revoked): a key this service publishes
// proves who signed; once it is marked compromised, only the exact credentials the service itself stored before the
// compromise keep trusting it. A proof's created date or a JWT's nbf is written by whoever signs, so it proves nothing.
using System.Text.Json.Nodes;
using static BadgeIssuer.Credentials.Verification.VerificationCodes;

namespace BadgeIssuer.Credentials.Verification;

/// <summary>The <c>key-provenance</c> check of a signature made with one of this service's own keys.</summary>
internal static class OwnKeyProvenance
{
    public static async ValueTask<VerificationCheck> CheckAsync(ITrustedKeySource trustedKeys, TrustedKey trusted, JsonObject credential, string? issuerId,
        CancellationToken cancellationToken)
    {
        if (trusted.CompromisedAt is not null && !await trustedKeys.IssuedBeforeCompromiseAsync(credential, trusted, cancellationToken))
            return new(Checks.KeyProvenance, CheckStatus.Failed, KeyRevoked,
                "The issuer has marked the signing key as compromised, and this is not a credential the issuer stored before that, whatever dates it gives.");
        return string.Equals(trusted.ControllerId, issuerId, StringComparison.Ordinal)
            ? new(Checks.KeyProvenance, CheckStatus.Passed, KeyProvenanceVerified, $"The signing key is published by the issuer {issuerId}.")
            : new(Checks.KeyProvenance, CheckStatus.Failed, KeyOfAnotherIssuer, $"The signing key belongs to {trusted.ControllerId}, not to the credential's issuer {issuerId ?? "(none)"}.");
    }
}
