using BadgeIssuer.Core.Achievements;

namespace BadgeIssuer.Core.Ports;

/// <summary>
/// Achievements, one document each, keyed by id and read within their issuer; only a public document that names an
/// achievement by its id alone (an OB 2.0 BadgeClass URL) finds it without one (<see cref="FindAsync"/>).
/// </summary>
public interface IAchievementStore
{
    /// <summary>Inserts a new achievement; <see cref="WriteOutcome.Conflict"/> when the id exists.</summary>
    Task<WriteOutcome> InsertAsync(Achievement achievement, CancellationToken cancellationToken);

    /// <summary>The achievement if it exists and belongs to <paramref name="issuerId"/>, else <c>null</c>.</summary>
    Task<Achievement?> GetAsync(string issuerId, string achievementId, CancellationToken cancellationToken);

    /// <summary>The achievement with this id, whichever issuer defines it, or <c>null</c>.</summary>
    Task<Achievement?> FindAsync(string achievementId, CancellationToken cancellationToken);

    /// <summary>Replaces the achievement if its stored version equals <paramref name="expectedVersion"/>.</summary>
    Task<WriteOutcome> UpdateAsync(Achievement achievement, long expectedVersion, CancellationToken cancellationToken);

    /// <summary>One issuer's achievements ordered by id, after <paramref name="cursor"/> when given.</summary>
    Task<Page<Achievement>> ListByIssuerAsync(string issuerId, string? cursor, int limit, CancellationToken cancellationToken);
}
