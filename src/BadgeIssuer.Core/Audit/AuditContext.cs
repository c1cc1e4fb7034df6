namespace BadgeIssuer.Core.Audit;

/// <summary>
/// What the audit trail needs from the code around a state change, carried with the async flow (as
/// <c>Activity.Current</c> is) so that Core takes no dependency on ASP.NET Core: the <see cref="Actor"/>, which the API
/// sets for each authenticated request and the batch worker for each batch, and the entry of a store write about to
/// run (<see cref="TakePending"/>), which a store that commits writes in transactions writes in the same one.
/// </summary>
public static class AuditContext
{
    private static readonly AsyncLocal<AuditActor?> CurrentActor = new();
    private static readonly AsyncLocal<PendingEntry?> Pending = new();

    /// <summary>Who the code running now acts for; <see cref="AuditActor.System"/> when nobody set it.</summary>
    public static AuditActor Actor => CurrentActor.Value ?? AuditActor.System;

    /// <summary>Makes <paramref name="actor"/> the actor of this async flow until the result is disposed.</summary>
    public static IDisposable ActAs(AuditActor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        AuditActor? before = CurrentActor.Value;
        CurrentActor.Value = actor;
        return new Restore(() => CurrentActor.Value = before);
    }

    /// <summary>
    /// Makes the client <paramref name="clientId"/> (or a page's actor, such as a teacher link) the actor of this async
    /// flow until the result is disposed, keeping the request id of the actor it replaces.
    /// </summary>
    public static IDisposable ActAs(string clientId) => ActAs(new AuditActor(clientId, Actor.RequestId));

    /// <summary>
    /// The entry of the state change whose store write is running, taken at most once: a store that takes it writes it
    /// in the same transaction as that write, only if the write changed a row. <c>null</c> when there is none or it
    /// was taken already (so the write's own follow-up writes never take it).
    /// </summary>
    public static AuditEntry? TakePending()
    {
        PendingEntry? pending = Pending.Value;
        if (pending is null || pending.Taken) return null;
        pending.Taken = true;
        return pending.Entry;
    }

    /// <summary>Offers <paramref name="entry"/> to the store writes of this async flow until the result is disposed.</summary>
    internal static PendingEntry Offer(AuditEntry entry)
    {
        PendingEntry pending = new(entry, Pending.Value);
        Pending.Value = pending;
        return pending;
    }

    /// <summary>An entry offered to a store write, and whether a store took it.</summary>
    internal sealed class PendingEntry(AuditEntry entry, PendingEntry? outer) : IDisposable
    {
        public AuditEntry Entry { get; } = entry;

        public bool Taken { get; set; }

        public void Dispose() => Pending.Value = outer;
    }

    private sealed class Restore(Action restore) : IDisposable
    {
        public void Dispose() => restore();
    }
}
