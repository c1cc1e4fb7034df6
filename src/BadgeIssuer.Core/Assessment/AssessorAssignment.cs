using BadgeIssuer.Core.Achievements;

namespace BadgeIssuer.Core.Assessment;

/// <summary>
/// Chooses the assessors of a round (issue 16, "Assessors"): as many as the round still wants, never one already assigned
/// to it, removed, of the candidate's organisation (when the achievement excludes it) or with a conflict of interest;
/// of the rest, those whose expertise tags meet the achievement's tags when there are any such, least loaded first
/// (open assignments over all the issuer's submissions), ties broken by id so the choice is the same every time.
/// </summary>
public static class AssessorAssignment
{
    /// <summary>
    /// The assessors to add to <paramref name="round"/> of <paramref name="candidate"/>'s submission, at most
    /// <paramref name="count"/>; fewer (or none) when too few are eligible, and the round waits for more.
    /// </summary>
    public static IReadOnlyList<Assessor> Choose(IEnumerable<Assessor> assessors, Candidate candidate, SubmissionRound round, Achievement achievement,
        IReadOnlyDictionary<string, int> load, int count)
    {
        ArgumentNullException.ThrowIfNull(assessors);
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(round);
        ArgumentNullException.ThrowIfNull(achievement);
        ArgumentNullException.ThrowIfNull(load);
        if (count <= 0) return [];
        bool excludeSameOrganization = achievement.Review?.ExcludeSameOrganization ?? true;
        List<Assessor> eligible = [.. assessors.Where(a => a.RemovedAt is null
            && !round.Assignments.Any(x => string.Equals(x.AssessorId, a.Id, StringComparison.Ordinal))
            && !(excludeSameOrganization && a.SameOrganizationAs(candidate))
            && !a.ConflictsWith(candidate))];
        HashSet<string> tags = new(achievement.Tags.Select(t => t.Trim()), StringComparer.OrdinalIgnoreCase);
        List<Assessor> experts = [.. eligible.Where(a => a.Expertise.Any(e => tags.Contains(e.Trim())))];
        return [.. (experts.Count > 0 ? experts : eligible)
            .OrderBy(a => load.GetValueOrDefault(a.Id))
            .ThenBy(a => a.Id, StringComparer.Ordinal)
            .Take(count)];
    }
}
