// The audit trail of issue 14, item 8: every state change is recorded with who, what, when and the request id. A store
// that commits writes in transactions (SQLite) writes the entry in the same transaction as the change's write; any
// other (MongoDB, one atomic document per write) gets it appended right after the write took effect, before the caller
// is answered. The entry id is derived from the change, so a retry that records a change again adds nothing.
using BadgeIssuer.Core.Ports;
using BadgeIssuer.Core.Validation;

namespace BadgeIssuer.Core.Audit;

/// <summary>Records state changes in the audit trail, and lists an issuer's entries.</summary>
public sealed class AuditTrail(IAuditStore store, IIssuerStore issuers, TimeProvider time)
{
    /// <summary>
    /// Runs the store write <paramref name="write"/> of <paramref name="change"/> with its entry offered to the store
    /// (<see cref="AuditContext.TakePending"/>). When the store did not take it and <paramref name="tookEffect"/> says
    /// the write changed something, the entry is appended after it. Returns what the write returned.
    /// </summary>
    public async Task<T> RecordAsync<T>(AuditChange change, Func<Task<T>> write, Func<T, bool> tookEffect, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(write);
        ArgumentNullException.ThrowIfNull(tookEffect);
        AuditEntry entry = Entry(change);
        T result;
        bool taken;
        using (AuditContext.PendingEntry pending = AuditContext.Offer(entry))
        {
            result = await write();
            taken = pending.Taken;
        }
        if (!taken && tookEffect(result)) await store.AppendAsync(entry, cancellationToken);
        return result;
    }

    /// <summary>Runs <paramref name="write"/> as <see cref="RecordAsync{T}"/> does; it took effect when it was <see cref="WriteOutcome.Written"/>.</summary>
    public Task<WriteOutcome> RecordAsync(AuditChange change, Func<Task<WriteOutcome>> write, CancellationToken cancellationToken) =>
        RecordAsync(change, write, written => written == WriteOutcome.Written, cancellationToken);

    /// <summary>Records <paramref name="change"/>, made by writes that are done already (several, or one that was replayed).</summary>
    public Task AppendAsync(AuditChange change, CancellationToken cancellationToken) => store.AppendAsync(Entry(change), cancellationToken);

    /// <summary>
    /// One page of the issuer's entries, oldest first, from <paramref name="from"/> on; up to 200 a page (50 unless
    /// <paramref name="limit"/> says otherwise).
    /// </summary>
    public async Task<Outcome<Page<AuditEntry>>> ListAsync(string issuerId, DateTimeOffset? from, string? cursor, int limit, CancellationToken cancellationToken)
    {
        if (TimeCursor.Unreadable<Page<AuditEntry>>(cursor) is { } unreadable) return unreadable;
        if (await issuers.GetAsync(issuerId, cancellationToken) is null)
            return new NotFound<Page<AuditEntry>>($"There is no issuer '{Check.Shorten(issuerId)}'.");
        return new Done<Page<AuditEntry>>(await store.ListAsync(issuerId, from?.ToUniversalTime(), cursor, Math.Clamp(limit, 1, 200), cancellationToken));
    }

    private AuditEntry Entry(AuditChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        AuditActor actor = AuditContext.Actor;
        return new AuditEntry(change.EntryId, change.IssuerId, time.GetUtcNow(), actor.ClientId, change.Action,
            new SortedDictionary<string, string>(change.Targets.ToDictionary(), StringComparer.Ordinal), actor.RequestId);
    }
}
