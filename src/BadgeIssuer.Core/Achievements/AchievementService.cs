using BadgeIssuer.Core.Audit;
using BadgeIssuer.Core.Ports;
using BadgeIssuer.Core.Validation;

namespace BadgeIssuer.Core.Achievements;

/// <summary>Creates, reads and replaces an issuer's achievements.</summary>
public sealed class AchievementService(IAchievementStore achievements, IIssuerStore issuers, AuditTrail audit, TimeProvider time)
{
    /// <summary>Creates an achievement for an existing issuer.</summary>
    public async Task<Outcome<Achievement>> CreateAsync(string issuerId, AchievementDraft draft, CancellationToken cancellationToken)
    {
        IReadOnlyList<FieldError> errors = [.. AchievementValidator.Validate(draft), .. await PathwayErrorsAsync(issuerId, null, draft.Pathway, cancellationToken)];
        if (errors.Count > 0) return new Invalid<Achievement>(errors);
        if (await issuers.GetAsync(issuerId, cancellationToken) is null)
            return new NotFound<Achievement>($"There is no issuer '{Check.Shorten(issuerId)}'.");
        DateTimeOffset now = time.GetUtcNow();
        Achievement achievement = Apply(draft, Ids.New(), issuerId, now, now, version: 1);
        return await audit.RecordAsync(AuditChange.Of(issuerId, AuditActions.AchievementCreated, achievement.Version, ("achievementId", achievement.Id)),
            () => achievements.InsertAsync(achievement, cancellationToken), cancellationToken) switch
        {
            WriteOutcome.Written => new Done<Achievement>(achievement, Created: true),
            _ => new Conflict<Achievement>("An achievement with this id already exists; try again."),
        };
    }

    /// <summary>The achievement, when it exists and belongs to the issuer.</summary>
    public async Task<Outcome<Achievement>> GetAsync(string issuerId, string achievementId, CancellationToken cancellationToken) =>
        await achievements.GetAsync(issuerId, achievementId, cancellationToken) is { } found
            ? new Done<Achievement>(found)
            : new NotFound<Achievement>($"Issuer '{Check.Shorten(issuerId)}' has no achievement '{Check.Shorten(achievementId)}'.");

    /// <summary>
    /// Replaces the achievement's fields. Credentials already issued keep the definition they were signed with.
    /// With <paramref name="ifMatchVersion"/>, the write happens only if that is still the current version.
    /// </summary>
    public async Task<Outcome<Achievement>> ReplaceAsync(string issuerId, string achievementId, AchievementDraft draft, long? ifMatchVersion, CancellationToken cancellationToken)
    {
        IReadOnlyList<FieldError> errors = [.. AchievementValidator.Validate(draft), .. await PathwayErrorsAsync(issuerId, achievementId, draft.Pathway, cancellationToken)];
        if (errors.Count > 0) return new Invalid<Achievement>(errors);
        Achievement? current = await achievements.GetAsync(issuerId, achievementId, cancellationToken);
        if (current is null) return new NotFound<Achievement>($"Issuer '{Check.Shorten(issuerId)}' has no achievement '{Check.Shorten(achievementId)}'.");
        if (ifMatchVersion is { } expected && expected != current.Version) return new PreconditionFailed<Achievement>(current.Version);
        Achievement updated = Apply(draft, current.Id, issuerId, current.CreatedAt, time.GetUtcNow(), current.Version + 1) with { Endorsements = current.Endorsements };
        return await audit.RecordAsync(AuditChange.Of(issuerId, AuditActions.AchievementUpdated, updated.Version, ("achievementId", current.Id)),
            () => achievements.UpdateAsync(updated, current.Version, cancellationToken), cancellationToken) switch
        {
            WriteOutcome.Written => new Done<Achievement>(updated),
            WriteOutcome.NotFound => new NotFound<Achievement>($"Issuer '{Check.Shorten(issuerId)}' has no achievement '{Check.Shorten(achievementId)}'."),
            _ => new Conflict<Achievement>("The achievement was changed by another request at the same time; read it again and retry."),
        };
    }

    /// <summary>One page of the issuer's achievements.</summary>
    public async Task<Outcome<Page<Achievement>>> ListAsync(string issuerId, string? cursor, int limit, CancellationToken cancellationToken)
    {
        if (await issuers.GetAsync(issuerId, cancellationToken) is null)
            return new NotFound<Page<Achievement>>($"There is no issuer '{Check.Shorten(issuerId)}'.");
        return new Done<Page<Achievement>>(await achievements.ListByIssuerAsync(issuerId, cursor, Math.Clamp(limit, 1, 100), cancellationToken));
    }

    /// <summary>A pathway may only require existing achievements of the same issuer, never the achievement itself.</summary>
    private async Task<IReadOnlyList<FieldError>> PathwayErrorsAsync(string issuerId, string? achievementId, Pathway? pathway, CancellationToken cancellationToken)
    {
        List<FieldError> errors = [];
        for (int i = 0; i < (pathway?.Requires.Count ?? 0); i++)
        {
            string required = pathway!.Requires[i];
            if (string.Equals(required, achievementId, StringComparison.Ordinal))
                errors.Add(new FieldError($"/pathway/requires/{i}", "is this achievement itself; a pathway requires other achievements."));
            else if (!Ids.IsWellFormed(required) || await achievements.GetAsync(issuerId, required, cancellationToken) is null)
                errors.Add(new FieldError($"/pathway/requires/{i}", $"is not an achievement of this issuer; found '{Check.Shorten(required)}'."));
        }
        return errors;
    }

    private static Achievement Apply(AchievementDraft d, string id, string issuerId, DateTimeOffset created, DateTimeOffset updated, long version) =>
        new(id, issuerId, d with { Name = d.Name.Trim(), Description = d.Description.Trim() }, created, updated, version);
}
