using BadgeIssuer.Core.Assessment;

namespace BadgeIssuer.Core.Ports;

/// <summary>Assessors, one document each, found by id and listed per issuer by id. Updates are compare-and-swap on the version.</summary>
public interface IAssessorStore
{
    /// <summary>Stores a new assessor; <see cref="WriteOutcome.Conflict"/> when one with its id exists.</summary>
    Task<WriteOutcome> InsertAsync(Assessor assessor, CancellationToken cancellationToken);

    /// <summary>The assessor, or <c>null</c>.</summary>
    Task<Assessor?> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>Replaces the assessor if its stored version equals <paramref name="expectedVersion"/>.</summary>
    Task<WriteOutcome> UpdateAsync(Assessor assessor, long expectedVersion, CancellationToken cancellationToken);

    /// <summary>A page of the issuer's assessors ordered by id after <paramref name="cursor"/> (an id); removed ones only when <paramref name="includeRemoved"/>.</summary>
    Task<Page<Assessor>> ListAsync(string issuerId, bool includeRemoved, string? cursor, int limit, CancellationToken cancellationToken);
}
