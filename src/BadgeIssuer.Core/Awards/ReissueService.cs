using BadgeIssuer.Core.Ports;
using BadgeIssuer.Core.Status;
using BadgeIssuer.Core.Validation;

namespace BadgeIssuer.Core.Awards;

/// <summary>
/// Corrects an issued badge: issues the corrected credential, then revokes the old one with the reason "superseded",
/// each naming the other. The new award's idempotency key is derived from the old award, so a retry after a crash
/// between the two steps finds the same new award and completes the revocation.
/// </summary>
public sealed class ReissueService(IAwardStore awards, IssuingService issuing, StatusService statuses)
{
    /// <summary>The reason recorded on a superseded award.</summary>
    public const string Superseded = "superseded";

    /// <summary>Issues <paramref name="corrected"/> in place of award <paramref name="awardId"/>.</summary>
    public async Task<Outcome<Award>> ReissueAsync(string issuerId, string awardId, IssueAwardCommand corrected, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(corrected);
        if (await awards.GetAsync(awardId, cancellationToken) is not { } old || !string.Equals(old.IssuerId, issuerId, StringComparison.Ordinal))
            return new NotFound<Award>($"Issuer '{Check.Shorten(issuerId)}' has no award '{Check.Shorten(awardId)}'.");
        if (old.Revoked is { SupersededBy: null })
            return new Conflict<Award>($"Award '{old.Id}' was revoked ({old.Revoked.Reason}); a revoked badge is not reissued, issue a new one instead.");
        if (!string.Equals(corrected.AchievementId, old.AchievementId, StringComparison.Ordinal))
            return new Invalid<Award>([new FieldError("/achievementId", $"must stay '{old.AchievementId}': a reissue corrects the same badge.")]);

        Outcome<Award> issued = await issuing.IssueAsync(corrected with { Supersedes = old.Id, IdempotencyKey = $"reissue-{old.Id}" }, cancellationToken);
        if (issued is not Done<Award> { Value: var replacement } done) return issued;
        Outcome<Award> revoked = await statuses.RevokeAsync(issuerId, old.Id, Superseded, replacement.Id, cancellationToken);
        return revoked is Done<Award> ? done : new Conflict<Award>($"The corrected award '{replacement.Id}' was issued but '{old.Id}' could not be revoked yet; repeat the request to finish.");
    }
}
