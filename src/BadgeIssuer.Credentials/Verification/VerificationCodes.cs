// CS1591: each constant is a self-describing wire code; the sentence that explains it is in the check's message.
#pragma warning disable CS1591
namespace BadgeIssuer.Credentials.Verification;

/// <summary>
/// The stable names of checks and codes in verification reports, in one place so that clients and tests can rely on
/// them. Messages are written for a reader who is not an expert.
/// </summary>
public static class VerificationCodes
{
    /// <summary>Check names, in the order they run.</summary>
    public static class Checks
    {
        public const string Format = "format";
        public const string Schema = "schema";
        public const string Signature = "signature";
        public const string Proof = "proof";
        public const string KeyProvenance = "key-provenance";
        public const string IssuerIdentity = "issuer-identity";
        public const string Claims = "claims";
        public const string Dates = "dates";
        public const string Status = "status";
        public const string Recipient = "recipient";
        public const string Learner = "learner";
        public const string Endorsements = "endorsements";
        public const string Credentials = "credentials";
        public const string Budget = "budget";
        public const string Hosted = "hosted";
    }

    public const string WellFormed = "well-formed";
    public const string NotAJwt = "not-a-jwt";
    public const string NotACredential = "not-a-credential";
    public const string TooLarge = "too-large";
    public const string NotFetched = "not-fetched";
    public const string NoBakedCredential = "no-baked-credential";
    public const string UnexpectedHeader = "unexpected-header";
    public const string CriticalHeader = "critical-header";
    public const string PrivateKeyInHeader = "private-key-in-header";
    public const string BadType = "bad-typ";

    public const string SchemaValid = "schema-valid";
    public const string SchemaViolation = "schema-violation";
    public const string NotAnOpenBadge = "not-an-open-badge";
    public const string ContextOrder = "context-order";
    public const string SubjectUnidentified = "subject-unidentified";
    public const string SchemaNotPinned = "schema-not-pinned";
    public const string ClrStructure = "clr-structure";
    public const string ClrAssociationUnresolved = "clr-association-unresolved";

    public const string SignatureValid = "signature-valid";
    public const string SignatureMismatch = "signature-mismatch";
    public const string UnsupportedAlgorithm = "unsupported-algorithm";
    public const string KeyUnusable = "key-unusable";
    public const string KeyUnresolved = "key-unresolved";
    public const string NoKey = "no-key";
    public const string NoProof = "no-proof";
    public const string NoVerifiableProof = "no-verifiable-proof";
    public const string UnsupportedProof = "unsupported-proof-type";
    public const string WrongProofPurpose = "wrong-proof-purpose";
    public const string TooManyProofs = "too-many-proofs";
    public const string NotJson = "not-json";
    public const string MissingField = "missing-field";

    public const string KeyProvenanceVerified = "key-provenance-verified";
    public const string KeyProvenanceUnverified = "key-provenance-unverified";
    public const string KeyOfAnotherIssuer = "key-of-another-issuer";
    public const string KeyRevoked = "key-revoked";
    public const string KeyNotAuthorized = "key-not-authorized";
    public const string NotChecked = "not-checked";

    public const string IssuerIdentityProven = "issuer-identity-proven";
    public const string IssuerIdentityUnproven = "issuer-identity-unproven";

    public const string ClaimsConsistent = "claims-consistent";
    public const string ClaimMismatch = "claim-mismatch";
    public const string ClaimMissing = "claim-missing";

    public const string DatesValid = "dates-valid";
    public const string NotYetValid = "not-yet-valid";
    public const string Expired = "expired";
    public const string InvalidDate = "invalid-date";

    public const string NoStatus = "no-status";
    public const string StatusUnavailable = "status-unavailable";
    public const string StatusTypeUnsupported = "status-type-unsupported";
    public const string StatusEntryMalformed = "status-entry-malformed";
    public const string StatusListUnverified = "status-list-unverified";
    public const string Revoked = "revoked";
    public const string Suspended = "suspended";
    public const string NotRevoked = "not-revoked";
    public const string NotSuspended = "not-suspended";
    public const string StatusRead = "status-read";
    public const string TooManyStatusEntries = "too-many-status-entries";

    public const string RecipientMatched = "recipient-matched";
    public const string RecipientMismatch = "recipient-mismatch";
    public const string RecipientNotRequested = "recipient-not-requested";

    public const string NoEndorsements = "no-endorsements";
    public const string EndorsementsValid = "endorsements-valid";
    public const string EndorsementInvalid = "endorsement-invalid";
    public const string EndorsementUnverified = "endorsement-unverified";
    public const string EndorsementsTooDeep = "endorsements-too-deep";

    public const string LearnerMatched = "learner-matched";
    public const string LearnerUnmatched = "learner-unmatched";
    public const string LearnerNotComparable = "learner-not-comparable";
    public const string CredentialsValid = "credentials-valid";
    public const string CredentialInvalid = "credential-invalid";
    public const string CredentialUnverified = "credential-unverified";
    public const string CredentialOtherLearner = "credential-other-learner";
    public const string TooManyCredentials = "too-many-credentials";
    public const string NestedClrNotFollowed = "nested-clr-not-followed";
    public const string EnvelopeUnsupported = "envelope-unsupported";

    public const string VerificationBudgetExceeded = "verification-budget-exceeded";

    public const string Ob2Assertion = "ob2-assertion";
    public const string Ob2HostedVerified = "ob2-hosted-verified";
    public const string Ob2SignedUnsupported = "ob2-signed-unsupported";
    public const string Ob2IdMismatch = "ob2-id-mismatch";
    public const string Ob2PresentedDiffers = "ob2-presented-differs";
    public const string Ob2OutOfScope = "ob2-out-of-scope";
    public const string Ob2BadgeUnresolved = "ob2-badge-unresolved";
}
