namespace BadgeIssuer.Core.Ports;

/// <summary>
/// The leased-job primitive every background job of the service is kept in (award batches, webhook deliveries, and any
/// later kind): each job is one stored document of its kind with a state, its own payload, an optional due time and a
/// lease (owner and expiry). A worker claims the next due job, renews the lease while it works, and completes the job
/// or releases it for a later retry; a worker that dies lets the lease run out, and another one claims the job again.
/// Every operation is one atomic conditional write of the job's document, and each one moves its version on, so a
/// holder of an older copy loses its optimistic update.
/// Failures are counted here, for every kind: a claim that finds a lease run out counts one (its holder died or hung),
/// and so does <see cref="FailAsync"/>; a job that reaches the caller's limit is parked (its kind's parked state, never
/// claimed again) with its last error, instead of being retried for ever.
/// </summary>
/// <typeparam name="TJob">The kind's domain record (<c>AwardBatch</c>, <c>WebhookDelivery</c>, ...).</typeparam>
public interface ILeasedJobs<TJob> where TJob : class
{
    /// <summary>
    /// Atomically takes the claimable job of this kind due soonest (for kinds with a due time, due at or before
    /// <paramref name="now"/>) whose lease is free or ran out before <paramref name="now"/>: <paramref name="owner"/>
    /// holds it until <paramref name="leaseUntil"/>. <c>null</c> when none is claimable.
    /// </summary>
    Task<TJob?> ClaimNextAsync(string owner, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken) =>
        ClaimNextAsync(owner, now, leaseUntil, int.MaxValue, [], cancellationToken);

    /// <summary>
    /// As <see cref="ClaimNextAsync(string, DateTimeOffset, DateTimeOffset, CancellationToken)"/>, and a job whose lease
    /// ran out counts a failure (its last error says the lease ran out); one whose failures reach
    /// <paramref name="maxFailures"/> that way is parked instead of claimed.
    /// </summary>
    Task<TJob?> ClaimNextAsync(string owner, DateTimeOffset now, DateTimeOffset leaseUntil, int maxFailures, CancellationToken cancellationToken) =>
        ClaimNextAsync(owner, now, leaseUntil, maxFailures, [], cancellationToken);

    /// <summary>
    /// As <see cref="ClaimNextAsync(string, DateTimeOffset, DateTimeOffset, int, CancellationToken)"/>, passing over the
    /// jobs of the groups in <paramref name="skipGroups"/> (a kind's group: a batch's issuer, a delivery's webhook), such
    /// as those the caller already works on as much as it may.
    /// </summary>
    Task<TJob?> ClaimNextAsync(string owner, DateTimeOffset now, DateTimeOffset leaseUntil, int maxFailures, IReadOnlyCollection<string> skipGroups, CancellationToken cancellationToken);

    /// <summary>
    /// Frees the lease <paramref name="owner"/> holds after the work failed with <paramref name="error"/> (no secrets,
    /// no stack trace): the job counts one more failure and keeps the error; it is parked once its failures reach
    /// <paramref name="maxFailures"/>, otherwise it is claimable again as after <see cref="ReleaseAsync"/>. Outcomes as for
    /// <see cref="RenewAsync"/>.
    /// </summary>
    Task<WriteOutcome> FailAsync(string jobId, string owner, string error, DateTimeOffset retryAt, int maxFailures, CancellationToken cancellationToken);

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

/// <summary>Texts the leased-job primitive writes, the same on every store.</summary>
public static class LeasedJobs
{
    /// <summary>A job's last error once its lease ran out.</summary>
    public const string LeaseRanOut = "The lease ran out before the work finished: the worker stopped or hung.";
}
