using System.Text.Json.Nodes;

namespace BadgeIssuer.Credentials.Verification;

/// <summary>The verdict on a credential (DESIGN §4).</summary>
public enum VerificationStatus
{
    /// <summary>Every check passed and the key is shown to be the issuer's.</summary>
    Valid,
    /// <summary>At least one check failed: the credential must not be trusted.</summary>
    Invalid,
    /// <summary>Nothing failed, but something needed could not be established (typically who owns the key).</summary>
    Indeterminate,
}

/// <summary>The outcome of one check.</summary>
public enum CheckStatus
{
    /// <summary>The check passed.</summary>
    Passed,
    /// <summary>The check failed; the verdict is invalid.</summary>
    Failed,
    /// <summary>The check does not apply or cannot run yet; it says why.</summary>
    Skipped,
    /// <summary>The check could not decide; the verdict is at best indeterminate.</summary>
    Indeterminate,
    /// <summary>The check passed with a reservation worth showing (e.g. a claim the spec wants is missing).</summary>
    Warning,
}

/// <summary>One check of the report: which (<see cref="Check"/>), how it went, a stable code, and a plain sentence.</summary>
public sealed record VerificationCheck(string Check, CheckStatus Status, string Code, string Message);

/// <summary>What the credential says, for display next to the verdict.</summary>
public sealed record CredentialSummary(
    string? Id,
    IReadOnlyList<string> Types,
    string? IssuerId,
    string? IssuerName,
    string? AchievementName,
    string? SubjectId,
    string? ValidFrom,
    string? ValidUntil,
    string Format)
{
    /// <summary>Where the credential came from when it was not handed in directly: <c>png</c>, <c>svg</c> or <c>url</c>.</summary>
    public string? Container { get; init; }

    /// <summary>
    /// Whether anyone vouches for the issuer (the <c>issuer-identity</c> check): only a proven issuer's
    /// <see cref="IssuerName"/> may be shown as fact; a claimed one is what the credential says about itself.
    /// <c>null</c> when the check did not run.
    /// </summary>
    public IssuerIdentityStatus? IssuerIdentity { get; init; }

    /// <summary>The credential's own <c>name</c> (VC 2.0 names and descriptions), for telling apart credentials that award no achievement, such as a CLR.</summary>
    public string? Name { get; init; }

    /// <summary>The summary of an input that could not be read as a credential.</summary>
    public static CredentialSummary Empty(string container) => new(null, [], null, null, null, null, null, null, "unknown") { Container = container };
}

/// <summary>The full answer: the verdict, the credential summary, and every check in the order it ran.</summary>
public sealed record VerificationReport(bool Verified, VerificationStatus Status, CredentialSummary? Credential, IReadOnlyList<VerificationCheck> Checks)
{
    /// <summary>The report of each endorsement the credential carries (OB 3.0 §9.2), when it carries any.</summary>
    public IReadOnlyList<VerificationReport>? Endorsements { get; init; }

    /// <summary>
    /// The report of each credential a CLR carries (CLR 2.0 ClrSubject <c>verifiableCredential</c>), in the CLR's order,
    /// when the credential is a ClrCredential; each is verified as a credential of its own.
    /// </summary>
    public IReadOnlyList<VerificationReport>? Credentials { get; init; }

    /// <summary>The verdict the checks add up to: any failure is invalid, else any indeterminate check is indeterminate.</summary>
    public static VerificationReport From(CredentialSummary? credential, IReadOnlyList<VerificationCheck> checks)
    {
        ArgumentNullException.ThrowIfNull(checks);
        VerificationStatus status = checks.Any(c => c.Status == CheckStatus.Failed) ? VerificationStatus.Invalid
            : checks.Any(c => c.Status == CheckStatus.Indeterminate) ? VerificationStatus.Indeterminate
            : VerificationStatus.Valid;
        if (credential is not null && checks.FirstOrDefault(c => c.Check == VerificationCodes.Checks.IssuerIdentity) is { } identity)
            credential = credential with { IssuerIdentity = identity.Code == VerificationCodes.IssuerIdentityProven ? IssuerIdentityStatus.Proven : IssuerIdentityStatus.Claimed };
        return new VerificationReport(status == VerificationStatus.Valid, status, credential, checks);
    }

    /// <summary>A summary of a credential's JSON.</summary>
    public static CredentialSummary Summarize(JsonObject credential, string format)
    {
        ArgumentNullException.ThrowIfNull(credential);
        JsonObject? subject = credential["credentialSubject"] as JsonObject;
        return new CredentialSummary(
            JsonText.Of(credential["id"]),
            credential["type"] switch
            {
                JsonArray array => [.. array.Select(JsonText.Of).OfType<string>()],
                JsonValue single when JsonText.Of(single) is { } t => [t],
                _ => [],
            },
            Proofs.Jose.VcJwt.IssuerId(credential),
            credential["issuer"] is JsonObject issuer ? JsonText.Of(issuer["name"]) : null,
            subject?["achievement"] is JsonObject achievement ? JsonText.Of(achievement["name"]) : null,
            JsonText.Of(subject?["id"]),
            JsonText.Of(credential["validFrom"]) ?? JsonText.Of(credential["issuanceDate"]),
            JsonText.Of(credential["validUntil"]) ?? JsonText.Of(credential["expirationDate"]),
            format)
        {
            Name = JsonText.Of(credential["name"]),
        };
    }
}

/// <summary>A key this service publishes for one of its issuers.</summary>
/// <param name="KeyId">The key's id (a URL).</param>
/// <param name="ControllerId">The id of the issuer the key belongs to.</param>
/// <param name="PublicJwk">The public key.</param>
/// <param name="CompromisedAt">
/// When the key was marked compromised. From then on the key proves nothing by itself: only credentials that
/// <see cref="ITrustedKeySource.IssuedBeforeCompromiseAsync"/> confirms keep trusting it, since the dates in a proof are
/// written by whoever holds the key.
/// </param>
public sealed record TrustedKey(string KeyId, string ControllerId, JsonObject PublicJwk, DateTimeOffset? CompromisedAt);

/// <summary>Keys the verifier can trust without fetching anything: those of the issuers this service hosts.</summary>
public interface ITrustedKeySource
{
    /// <summary>The key with this id, or <c>null</c> when it is not one of ours.</summary>
    ValueTask<TrustedKey?> FindByKeyIdAsync(string keyId, CancellationToken cancellationToken);

    /// <summary>
    /// True when <paramref name="credential"/> (as JSON, with its embedded proof; for a VC-JWT its <c>vc</c> claim) is
    /// exactly a credential this service stored for the key's issuer before <see cref="TrustedKey.CompromisedAt"/>. The
    /// service's own record of when it issued is what counts, never a date in the credential.
    /// </summary>
    ValueTask<bool> IssuedBeforeCompromiseAsync(JsonObject credential, TrustedKey key, CancellationToken cancellationToken);
}

/// <summary>
/// The trusted keys of a verifier that runs outside any issuing service (the <c>badge verify</c> command): none, so
/// only keys a credential proves itself (a did:key that is its issuer) tie a signature to an issuer.
/// </summary>
public sealed class NoTrustedKeys : ITrustedKeySource
{
    /// <summary>The shared instance.</summary>
    public static readonly NoTrustedKeys Instance = new();

    /// <inheritdoc />
    public ValueTask<TrustedKey?> FindByKeyIdAsync(string keyId, CancellationToken cancellationToken) => ValueTask.FromResult<TrustedKey?>(null);

    /// <inheritdoc />
    public ValueTask<bool> IssuedBeforeCompromiseAsync(JsonObject credential, TrustedKey key, CancellationToken cancellationToken) => ValueTask.FromResult(false);
}
