using BadgeIssuer.Core.Mail;

namespace BadgeIssuer.Core.Ports;

/// <summary>
/// Claim mail jobs, one document each. They are claimed, released and their failures counted through the leased-job
/// primitive (<see cref="ILeasedJobs{TJob}"/> of <see cref="MailJob"/>), due soonest first.
/// </summary>
public interface IMailStore
{
    /// <summary>Stores a new job; <see cref="WriteOutcome.Conflict"/> when a job with its id exists (it was queued before).</summary>
    Task<WriteOutcome> InsertAsync(MailJob job, CancellationToken cancellationToken);

    /// <summary>Replaces the job if its stored version equals <paramref name="expectedVersion"/>.</summary>
    Task<WriteOutcome> UpdateAsync(MailJob job, long expectedVersion, CancellationToken cancellationToken);

    /// <summary>The newest job (by creation time, then id) of each award of <paramref name="awardIds"/> that has one.</summary>
    Task<IReadOnlyDictionary<string, MailJob>> LatestAsync(IReadOnlyCollection<string> awardIds, CancellationToken cancellationToken);
}
