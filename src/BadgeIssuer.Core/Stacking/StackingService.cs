// Stacking: micro-credentials add up to a larger credential. When a learner's awards from an issuer satisfy a stacked
// achievement's pathway, the service issues it once (the idempotency key is derived from the achievement and the
// learner), listing the contributing credentials as OB 3.0 Evidence.
using BadgeIssuer.Core.Achievements;
using BadgeIssuer.Core.Awards;
using BadgeIssuer.Core.Configuration;
using BadgeIssuer.Core.Ports;
using BadgeIssuer.Core.Validation;
using BadgeIssuer.Core.Webhooks;

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

/// <summary>Issues awards and, after each new one, the stacked achievements it completes.</summary>
public sealed class StackingService(IssuingService issuing, IAchievementStore achievements, IAwardStore awards, WebhookService webhooks, PublicUrls urls, TimeProvider time)
{
    private const int MaxDepth = 3;
    private const int PageSize = 100;

    /// <summary>The reads issuing makes of an issuer, to share among the awards of a group (<see cref="IssuingService.Reads"/>).</summary>
    public IssuerReads Reads(string issuerId, CancellationToken cancellationToken) => issuing.Reads(issuerId, cancellationToken);

    /// <summary>Issues the award, then any stacked achievements it completes for the learner.</summary>
    public Task<Outcome<Award>> IssueAsync(IssueAwardCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        return IssueAsync(command, issuing.Reads(command.IssuerId, cancellationToken), cancellationToken);
    }

    /// <summary>
    /// Issues the award, then any stacked achievements it completes for the learner, with the issuer's achievements,
    /// key and webhooks as <paramref name="reads"/> has them (see <see cref="IssuingService.Reads"/>).
    /// </summary>
    public async Task<Outcome<Award>> IssueAsync(IssueAwardCommand command, IssuerReads reads, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(reads);
        Outcome<Award> outcome = await issuing.IssueAsync(command, reads, cancellationToken);
        if (outcome is Done<Award> { Created: true } done)
        {
            await PublishIssuedAsync(done.Value, reads, cancellationToken);
            await StackAsync(done.Value, command.Recipient, reads, 1, cancellationToken);
        }
        return outcome;
    }

    /// <summary>The learner's progress toward each stacked achievement of the issuer.</summary>
    public async Task<IReadOnlyList<PathwayProgress>> ProgressAsync(string issuerId, string recipientKey, CancellationToken cancellationToken)
    {
        List<Achievement> all = await AllAchievementsAsync(issuerId, cancellationToken);
        List<Award> held = await HeldAsync(issuerId, recipientKey, cancellationToken);
        return [.. all.Where(a => a.Pathway is not null).Select(a => Progress(a, all, held))];
    }

    private async Task StackAsync(Award award, Recipient recipient, IssuerReads reads, int depth, CancellationToken cancellationToken)
    {
        if (depth > MaxDepth) return;
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
            if (await issuing.IssueAsync(command, reads, cancellationToken) is Done<Award> { Created: true } issued)
            {
                await PublishIssuedAsync(issued.Value, reads, cancellationToken);
                await StackAsync(issued.Value, recipient, reads, depth + 1, cancellationToken);
            }
        }
    }

    private async Task PublishIssuedAsync(Award award, IssuerReads reads, CancellationToken cancellationToken) =>
        await webhooks.PublishAsync(award.IssuerId, WebhookEvents.AwardIssued,
            new { awardId = award.Id, achievementId = award.AchievementId, credentialId = award.CredentialId, issuedAt = award.IssuedAt, supersedes = award.Supersedes },
            await reads.SubscriptionsAsync(), cancellationToken);

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
