using BadgeIssuer.Core.Status;

namespace BadgeIssuer.Core.Ports;

/// <summary>
/// Status lists, one document each, unique on (issuer, purpose, number). Allocation is one atomic increment of the
/// list's counter, so no index is ever handed out twice, also under concurrent issuing.
/// </summary>
public interface IStatusListStore
{
    /// <summary>
    /// Takes the next <paramref name="count"/> entries (fewer when the list is nearly full, at least one) of the
    /// issuer's first list for <paramref name="purpose"/> that has room, opening a new list when all are full. No two
    /// calls ever get an overlapping block.
    /// </summary>
    Task<StatusBlock> AllocateAsync(string issuerId, string purpose, int count, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The list, or <c>null</c>.</summary>
    Task<StatusList?> GetAsync(string listId, CancellationToken cancellationToken);

    /// <summary>The list's version (it changes with every write of its bits) without its bits, or <c>null</c> when there is no such list.</summary>
    Task<long?> VersionAsync(string listId, CancellationToken cancellationToken);

    /// <summary>Replaces the list's bits if its stored version equals <paramref name="expectedVersion"/>.</summary>
    Task<WriteOutcome> UpdateAsync(StatusList list, long expectedVersion, CancellationToken cancellationToken);
}
