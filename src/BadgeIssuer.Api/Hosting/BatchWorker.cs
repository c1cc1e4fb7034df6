using BadgeIssuer.Core.Batches;

namespace BadgeIssuer.Api.Hosting;

/// <summary>Wakes the batch worker when a batch arrives, so it does not wait for its next poll.</summary>
public sealed class BatchWorkerSignal
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
/// Runs the batch processor in the background: claims batches whose lease is free (also those a dead process left),
/// works them through, and polls every few seconds for work another replica or a restart left behind.
/// </summary>
public sealed partial class BatchWorker(BatchProcessor processor, BatchWorkerSignal signal, ILogger<BatchWorker> log) : BackgroundService
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await processor.RunOnceAsync(stoppingToken)) continue;
                await signal.WaitAsync(Poll, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailure(log, ex);
                await Task.Delay(Poll, stoppingToken);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Batch processing failed; the batch stays leased until its lease runs out, then it is taken up again")]
    private static partial void LogFailure(ILogger logger, Exception exception);
}
