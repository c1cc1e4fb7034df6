namespace BadgeIssuer.Core.Ports;

/// <summary>
/// The leased-job primitive every background job of the service is kept in (award batches, webhook deliveries, and any
/// later kind): each job is one stored document of its kind with a state, its own payload, an optional due time and a
/// lease (owner and expiry). A worker claims the next due job, renews the lease while it works, and completes the job
/// or releases it for a later retry; a worker that dies lets the lease run out, and another one claims the job again.
/// Every operation is one atomic conditional write of the job's document, and each one moves its version on, so a
/// holder of an older copy loses its optimistic update.
/// </summary>
/// <typeparam name="TJob">The kind's domain record (<c>AwardBatch</c>, <c>WebhookDelivery</c>, ...).</typeparam>
public interface ILeasedJobs<TJob> where TJob : class
{
    /// <summary>
    /// Atomically takes the claimable job of this kind due soonest (for kinds with a due time, due at or before
    /// <paramref name="now"/>) whose lease is free or ran out before <paramref name="now"/>: <paramref name="owner"/>
    /// holds it until <paramref name="leaseUntil"/>. <c>null</c> when none is claimable.
    /// </summary>
    Task<TJob?> ClaimNextAsync(string owner, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken);

    /// <summary>
    /// Moves the lease <paramref name="owner"/> holds on to <paramref name="leaseUntil"/>. <see cref="WriteOutcome.Conflict"/>
    /// when the job is not leased to <paramref name="owner"/>, <see cref="WriteOutcome.NotFound"/> when there is no such job.
    /// </summary>
    Task<WriteOutcome> RenewAsync(string jobId, string owner, DateTimeOffset leaseUntil, CancellationToken cancellationToken);

    /// <summary>
    /// Puts the job <paramref name="owner"/> holds in its kind's finished state at <paramref name="now"/> and frees the
    /// lease; it is never claimed again. Outcomes as for <see cref="RenewAsync"/>.
    /// </summary>
    Task<WriteOutcome> CompleteAsync(string jobId, string owner, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Frees the lease <paramref name="owner"/> holds so the job can be claimed again: at <paramref name="retryAt"/> for
    /// kinds with a due time, at once for the others. Outcomes as for <see cref="RenewAsync"/>.
    /// </summary>
    Task<WriteOutcome> ReleaseAsync(string jobId, string owner, DateTimeOffset retryAt, CancellationToken cancellationToken);
}
