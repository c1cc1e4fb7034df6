// DESIGN §5 (jobs with leases) for the outbox: claim the oldest pending event, queue its webhook deliveries and a new
// award's claim mail (ids derived from the event, so a second run adds none), run stacking for a new award (idempotency keys derived from the
// achievement and the learner, so a second run issues nothing), then mark it done. A worker that dies before the mark
// leaves the event leased until the lease runs out; whoever claims it next repeats the steps, which change nothing twice.
using BadgeIssuer.Core.Awards;
using BadgeIssuer.Core.Mail;
using BadgeIssuer.Core.Ports;
using BadgeIssuer.Core.Stacking;
using BadgeIssuer.Core.Webhooks;

namespace BadgeIssuer.Core.Outbox;

/// <summary>How long a worker holds an outbox event, and how many it works on at once.</summary>
public sealed record OutboxOptions
{
    /// <summary>The lease a worker takes on an event; a dead worker's event is taken up again once it runs out.</summary>
    public TimeSpan Lease { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Events one <see cref="OutboxDispatcher"/> works on at once while events are pending: their claims and
    /// completions reach the SQLite writer together and share its synced commits.
    /// </summary>
    public int Parallelism { get; init; } = 16;
}

/// <summary>Turns outbox events into webhook deliveries, claim mails and stacking runs, exactly once per event.</summary>
public sealed class OutboxDispatcher(ILeasedJobs<OutboxEvent> outbox, IAwardStore awards, WebhookService webhooks, ClaimMailService mail, StackingService stacking, OutboxOptions options,
    TimeProvider time)
{
    /// <summary>This process's worker name, as lease owner.</summary>
    public string Owner { get; } = $"{Environment.MachineName}-{Environment.ProcessId}-{Ids.New()}";

    /// <summary>
    /// Claims the oldest pending event, makes its side effects and marks it done; if there was one, goes on with
    /// <see cref="OutboxOptions.Parallelism"/> events at a time until none is pending. <c>false</c> when none was
    /// pending, after a single claim (an idle service makes one write per poll).
    /// </summary>
    public async Task<bool> RunOnceAsync(CancellationToken cancellationToken)
    {
        if (!await RunOneAsync(cancellationToken)) return false;
        await Task.WhenAll(Enumerable.Range(0, options.Parallelism).Select(async _ =>
        {
            while (await RunOneAsync(cancellationToken))
            {
            }
        }));
        return true;
    }

    private async Task<bool> RunOneAsync(CancellationToken cancellationToken)
    {
        DateTimeOffset now = time.GetUtcNow();
        if (await outbox.ClaimNextAsync(Owner, now, now + options.Lease, cancellationToken) is not { } claimed) return false;
        await DispatchAsync(claimed, cancellationToken);
        await outbox.CompleteAsync(claimed.Id, Owner, time.GetUtcNow(), cancellationToken);
        return true;
    }

    /// <summary>
    /// The side effects of <paramref name="outboxEvent"/>: one webhook delivery per subscription that asks for its type,
    /// for a new award with an e-mail recipient to notify its claim mail (<see cref="ClaimMailService.QueueAsync"/>), and
    /// for a new award that carries a recipient, the stacked awards it completes. Running it again for the same
    /// event (as a worker does that claims it after another died) creates nothing twice.
    /// </summary>
    public async Task DispatchAsync(OutboxEvent outboxEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(outboxEvent);
        await webhooks.QueueAsync(outboxEvent, cancellationToken);
        await mail.QueueAsync(outboxEvent, cancellationToken);
        if (outboxEvent is { Type: WebhookEvents.AwardIssued, Recipient: { } recipient } && await awards.GetAsync(outboxEvent.AwardId, cancellationToken) is { } award)
            await stacking.StackAsync(award, recipient, cancellationToken);
    }
}
