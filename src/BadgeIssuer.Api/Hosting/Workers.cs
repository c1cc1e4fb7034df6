using BadgeIssuer.Api.Mail;
using BadgeIssuer.Core.Batches;
using BadgeIssuer.Core.Outbox;
using BadgeIssuer.Core.Webhooks;

namespace BadgeIssuer.Api.Hosting;

/// <summary>Wakes a worker when work arrives, so it does not wait for its next poll.</summary>
public sealed class WorkerSignal
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    /// <summary>Tells the worker there is work.</summary>
    public void Wake()
    {
        if (_signal.CurrentCount == 0) _signal.Release();
    }

    /// <summary>Waits until woken or until <paramref name="timeout"/> passes.</summary>
    public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _signal.WaitAsync(timeout, cancellationToken);
}

/// <summary>
/// Runs leased background work kept in the store (DESIGN §5): takes one piece at a time while there is any, and
/// otherwise polls every few seconds, also for work a dead process or another replica left behind. A failure is logged
/// and the work stays leased until its lease runs out, then it is taken up again.
/// </summary>
public abstract partial class PollingWorker(ILogger log, WorkerSignal? signal = null) : BackgroundService
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);

    /// <summary>Does one piece of work; <c>false</c> when there was none.</summary>
    protected abstract Task<bool> RunOnceAsync(CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await RunOnceAsync(stoppingToken)) continue;
                if (signal is null) await Task.Delay(Poll, stoppingToken);
                else await signal.WaitAsync(Poll, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailure(log, GetType().Name, ex);
                await Task.Delay(Poll, stoppingToken);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "{Worker} failed; the work stays leased until its lease runs out, then it is taken up again")]
    private static partial void LogFailure(ILogger logger, string worker, Exception exception);
}

/// <summary>Works through award batches.</summary>
public sealed class BatchWorker(BatchProcessor processor, WorkerSignal signal, ILogger<BatchWorker> log) : PollingWorker(log, signal)
{
    protected override Task<bool> RunOnceAsync(CancellationToken cancellationToken) => processor.RunOnceAsync(cancellationToken);
}

/// <summary>Sends webhook deliveries as they fall due, <see cref="WebhookOptions.Parallelism"/> at once.</summary>
public sealed class WebhookWorker(WebhookDispatcher dispatcher, WebhookOptions options, ILogger<WebhookWorker> log) : PollingWorker(log)
{
    protected override Task<bool> RunOnceAsync(CancellationToken cancellationToken) => dispatcher.RunOnceAsync(cancellationToken);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, options.Parallelism).Select(_ => Task.Run(() => base.ExecuteAsync(stoppingToken), stoppingToken)));
}

/// <summary>Sends queued mails (claim mails and the mails of review) as they fall due, one at a time; it runs only where mail is configured.</summary>
public sealed class MailWorker(MailDispatcher dispatcher, ILogger<MailWorker> log) : PollingWorker(log)
{
    protected override Task<bool> RunOnceAsync(CancellationToken cancellationToken) => dispatcher.RunOnceAsync(cancellationToken);
}

/// <summary>Turns outbox events (awards issued, revoked, suspended, reinstated) into webhook deliveries, claim mails and stacking runs.</summary>
public sealed class OutboxWorker(OutboxDispatcher dispatcher, ILogger<OutboxWorker> log) : PollingWorker(log)
{
    protected override Task<bool> RunOnceAsync(CancellationToken cancellationToken) => dispatcher.RunOnceAsync(cancellationToken);
}

/// <summary>
/// Removes claim sessions (wallet exchanges, offers, codes, tokens, nonces) a day after they expired, once an hour, so
/// the store holds only those that may still be used or that a wallet may still ask about.
/// </summary>
public sealed partial class ClaimSessionSweeper(Core.Ports.IClaimSessionStore sessions, TimeProvider time, ILogger<ClaimSessionSweeper> log) : BackgroundService
{
    private static readonly TimeSpan Every = TimeSpan.FromHours(1);
    private static readonly TimeSpan KeptAfterExpiry = TimeSpan.FromDays(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using PeriodicTimer timer = new(Every, time);
        do
        {
            try
            {
                await sessions.RemoveExpiredAsync(time.GetUtcNow() - KeptAfterExpiry, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailure(log, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Removing expired claim sessions failed; the next sweep tries again")]
    private static partial void LogFailure(ILogger logger, Exception exception);
}
