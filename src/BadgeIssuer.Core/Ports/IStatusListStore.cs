using BadgeIssuer.Core.Status;

namespace BadgeIssuer.Core.Ports;

/// <summary>
/// Status lists, one document each, unique on (issuer, purpose, number). Allocation is one atomic increment of the
/// list's counter, so no index is ever handed out twice, also under concurrent issuing.
/// </summary>
public interface IStatusListStore
{
    /// <summary>
    /// Takes the next entry of the issuer's first list for <paramref name="purpose"/> that has room, opening a new list
    /// when all are full. Each call returns a slot no other call returns.
    /// </summary>
    Task<StatusSlot> AllocateAsync(string issuerId, string purpose, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The list, or <c>null</c>.</summary>
    Task<StatusList?> GetAsync(string listId, CancellationToken cancellationToken);

    /// <summary>Replaces the list's bits if its stored version equals <paramref name="expectedVersion"/>.</summary>
    Task<WriteOutcome> UpdateAsync(StatusList list, long expectedVersion, CancellationToken cancellationToken);
}
