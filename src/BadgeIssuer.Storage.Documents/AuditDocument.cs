using BadgeIssuer.Core.Audit;

namespace BadgeIssuer.Storage.Documents;

/// <summary>
/// The stored form of an <see cref="AuditEntry"/>. <see cref="AtTicks"/> is its time as UTC ticks, the number an
/// issuer's entries are ordered and filtered by where a column of fixed-width text does not exist (MongoDB).
/// </summary>
public sealed record AuditDocument(string Id, string? IssuerId, DateTimeOffset At, long AtTicks, string Actor, string Action, Dictionary<string, string> Targets, string? RequestId)
{
    /// <summary>The document of an entry.</summary>
    public static AuditDocument From(AuditEntry e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return new(e.Id, e.IssuerId, e.At.ToUniversalTime(), e.At.UtcTicks, e.Actor, e.Action, new Dictionary<string, string>(e.Targets, StringComparer.Ordinal), e.RequestId);
    }

    /// <summary>The entry of a document.</summary>
    public AuditEntry ToDomain() => new(Id, IssuerId, At, Actor, Action, new SortedDictionary<string, string>(Targets, StringComparer.Ordinal), RequestId);
}
