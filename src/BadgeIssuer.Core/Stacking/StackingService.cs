// Stacking: micro-credentials add up to a larger credential. When a learner's awards from an issuer satisfy a stacked
// achievement's pathway, the service issues it once (the idempotency key is derived from the achievement and the
// learner), listing the contributing credentials as OB 3.0 Evidence. It runs from the outbox after the award's commit.
using BadgeIssuer.Core.Achievements;
using BadgeIssuer.Core.Awards;
using BadgeIssuer.Core.Configuration;
using BadgeIssuer.Core.Ports;
using BadgeIssuer.Core.Validation;

namespace BadgeIssuer.Core.Stacking;

/// <summary>One contributing award toward a pathway.</summary>
public sealed record PathwayStep(string AchievementId, string AwardId, double Credits);

/// <summary>Where a learner stands on one stacked achievement.</summary>
public sealed record PathwayProgress(
    Achievement Achievement, string? EarnedAwardId, IReadOnlyList<PathwayStep> Completed, IReadOnlyList<string> Missing, int RequiredCount, double Credits)
{
    /// <summary>True when the completed steps meet the pathway (whether or not the stacked award exists yet).</summary>
    public bool Satisfied => Completed.Count >= RequiredCount && Credits >= (Achievement.Pathway?.MinimumCredits ?? 0);
}

/// <summary>
/// Issues the stacked achievements a new award completes (run by <see cref="Outbox.OutboxDispatcher"/> for each
/// award.issued event that carries a recipient), and reports a learner's progress.
/// </summary>
public sealed class StackingService(IssuingService issuing, IAchievementStore achievements, IAwardStore awards, PublicUrls urls, TimeProvider time)
{
    private const int PageSize = 100;

    /// <summary>The learner's progress toward each stacked achievement of the issuer.</summary>
    public async Task<IReadOnlyList<PathwayProgress>> ProgressAsync(string issuerId, string recipientKey, CancellationToken cancellationToken)
    {
        List<Achievement> all = await AllAchievementsAsync(issuerId, cancellationToken);
        List<Award> held = await HeldAsync(issuerId, recipientKey, cancellationToken);
        return [.. all.Where(a => a.Pathway is not null).Select(a => Progress(a, all, held))];
    }

    /// <summary>
    /// Issues each stacked achievement of the issuer that <paramref name="award"/> completes for <paramref name="recipient"/>
    /// and that the learner does not hold yet. Each one is issued under an idempotency key derived from the achievement
    /// and the learner, so running this again for the same award issues nothing twice; the stacked award's own outbox
    /// event carries the stacking one level further.
    /// </summary>
    public async Task StackAsync(Award award, Recipient recipient, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(award);
        ArgumentNullException.ThrowIfNull(recipient);
        IssuerReads reads = issuing.Reads(award.IssuerId, cancellationToken);
        IReadOnlyList<Achievement> all = await reads.AchievementsAsync();
        List<Achievement> stacked = [.. all.Where(a => a.Pathway?.Requires.Contains(award.AchievementId, StringComparer.Ordinal) == true)];
        if (stacked.Count == 0) return;
        List<Award> held = await HeldAsync(award.IssuerId, award.RecipientKey, cancellationToken);
        foreach (Achievement achievement in stacked)
        {
            PathwayProgress progress = Progress(achievement, all, held);
            if (progress.EarnedAwardId is not null || !progress.Satisfied) continue;
            IssueAwardCommand command = new(award.IssuerId, achievement.Id, recipient, [],
                [.. progress.Completed.Select(step => new EvidenceItem(urls.Credential(step.AwardId), all.First(a => a.Id == step.AchievementId).Name,
                    $"The Open Badge credential for {all.First(a => a.Id == step.AchievementId).Name}, part of this pathway.", null, "Open Badge credential", null))],
                $"Earned by completing the pathway: {string.Join(", ", progress.Completed.Select(step => all.First(a => a.Id == step.AchievementId).Name))}.",
                null, $"stack-{achievement.Id}-{award.RecipientKey}");
            await issuing.IssueAsync(command, reads, cancellationToken);
        }
    }

    private PathwayProgress Progress(Achievement achievement, IReadOnlyList<Achievement> all, List<Award> held)
    {
        Pathway pathway = achievement.Pathway!;
        List<PathwayStep> completed = [];
        List<string> missing = [];
        foreach (string required in pathway.Requires)
        {
            if (held.LastOrDefault(a => a.AchievementId == required) is { } award)
                completed.Add(new PathwayStep(required, award.Id, all.FirstOrDefault(a => a.Id == required)?.CreditsAvailable ?? 0));
            else
                missing.Add(required);
        }
        return new PathwayProgress(achievement, held.LastOrDefault(a => a.AchievementId == achievement.Id)?.Id, completed, missing,
            pathway.RequiredCount, completed.Sum(step => step.Credits));
    }

    /// <summary>The learner's awards from the issuer that still count: not revoked, not suspended, not expired.</summary>
    private async Task<List<Award>> HeldAsync(string issuerId, string recipientKey, CancellationToken cancellationToken)
    {
        DateTimeOffset now = time.GetUtcNow();
        List<Award> all = await Page<Award>.AllAsync(cursor => awards.FindAsync(new AwardQuery(issuerId, RecipientKey: recipientKey), cursor, PageSize, cancellationToken));
        return [.. all.Where(a => a.Revoked is null && a.Suspended is null && (a.ValidUntil is not { } until || until > now))];
    }

    private Task<List<Achievement>> AllAchievementsAsync(string issuerId, CancellationToken cancellationToken) =>
        Page<Achievement>.AllAsync(cursor => achievements.ListByIssuerAsync(issuerId, cursor, PageSize, cancellationToken));
}
