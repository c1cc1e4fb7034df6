namespace BadgeIssuer.Core.Assessment;

/// <summary>
/// Someone outside the teacher's school who reviews submissions for one issuer: a name, an e-mail address (for review
/// links; never logged), an organisation (never assigned to a candidate of the same one when the achievement says so),
/// expertise tags (matched against the achievement's tags), and a conflict-of-interest list: organisations or candidate
/// e-mail addresses the assessor must never review (compared case-insensitively). <see cref="ClientId"/> is the API
/// client holding the assessor's own key (scope <c>reviews:write</c>, bound to this issuer and this assessor); removing
/// the assessor (<see cref="RemovedAt"/>) revokes that client and ends every open assignment.
/// </summary>
public sealed record Assessor(
    string Id,
    string IssuerId,
    string Name,
    string Email,
    string? Organization,
    IReadOnlyList<string> Expertise,
    IReadOnlyList<string> Conflicts,
    string ClientId,
    DateTimeOffset CreatedAt,
    DateTimeOffset? RemovedAt,
    long Version)
{
    /// <summary>True when the assessor must never review <paramref name="candidate"/>: on the conflict list by organisation or e-mail address.</summary>
    public bool ConflictsWith(Candidate candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        return Conflicts.Any(c => string.Equals(c.Trim(), candidate.Email.Trim(), StringComparison.OrdinalIgnoreCase)
            || (candidate.Organization is { } organization && string.Equals(c.Trim(), organization.Trim(), StringComparison.OrdinalIgnoreCase)));
    }

    /// <summary>True when the assessor belongs to <paramref name="candidate"/>'s organisation (compared case-insensitively, trimmed).</summary>
    public bool SameOrganizationAs(Candidate candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        return Organization is { } mine && candidate.Organization is { } theirs
            && string.Equals(mine.Trim(), theirs.Trim(), StringComparison.OrdinalIgnoreCase);
    }
}
