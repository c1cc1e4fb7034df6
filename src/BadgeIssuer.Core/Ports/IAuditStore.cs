using BadgeIssuer.Core.Audit;

namespace BadgeIssuer.Core.Ports;

/// <summary>The audit trail: entries kept for good, listed per issuer by time.</summary>
public interface IAuditStore
{
    /// <summary>Keeps the entry; an entry whose id is stored already is left as it is (a change recorded again).</summary>
    Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken);

    /// <summary>
    /// A page of the issuer's entries in (time, id) order, from <paramref name="from"/> on when it is given, after
    /// <paramref name="cursor"/> (a <see cref="TimeCursor"/>) when it is given.
    /// </summary>
    Task<Page<AuditEntry>> ListAsync(string issuerId, DateTimeOffset? from, string? cursor, int limit, CancellationToken cancellationToken);
}
