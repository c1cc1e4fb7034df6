// The first contact with MongoDB is a start-up step that does not stop the start: the service comes up, answers
// /health/ready with "store cannot be reached" (503) until the indexes are made, and retries with a growing wait, so a
// replica set that elects a primary, or a database that starts after the service, is waited for instead of crashing
// the container in a loop.
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MongoDB.Driver;

namespace BadgeIssuer.Storage.MongoDb;

/// <summary>
/// Makes sure the MongoDB indexes exist, retrying until they do; <see cref="IsReady"/> says whether they are made, and
/// the store reports itself unreachable until then (<see cref="MongoHealth"/>).
/// </summary>
public sealed partial class MongoStartup(MongoDatabase db, ILogger<MongoStartup> log) : BackgroundService
{
    /// <summary>The wait after the first failed attempt; it doubles after each further one.</summary>
    public static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between two attempts.</summary>
    public static readonly TimeSpan LongestRetry = TimeSpan.FromSeconds(30);

    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>True once the indexes are made.</summary>
    public bool IsReady => _ready.Task.IsCompletedSuccessfully;

    /// <summary>Completes when the indexes are made.</summary>
    public Task Ready => _ready.Task;

    /// <summary>How many attempts have failed so far.</summary>
    public int FailedAttempts { get; private set; }

    /// <summary>The wait after <paramref name="failedAttempts"/> failed attempts.</summary>
    public static TimeSpan RetryAfter(int failedAttempts)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(failedAttempts, 1);
        double seconds = FirstRetry.TotalSeconds * Math.Pow(2, Math.Min(failedAttempts - 1, 16));
        return seconds >= LongestRetry.TotalSeconds ? LongestRetry : TimeSpan.FromSeconds(seconds);
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        string database = db.Database.DatabaseNamespace.DatabaseName;
        while (true)
        {
            try
            {
                await db.CreateIndexesAsync(stoppingToken);
                _ready.TrySetResult();
                LogReady(log, database, FailedAttempts);
                return;
            }
            catch (Exception ex) when (ex is MongoException or TimeoutException)
            {
                FailedAttempts++;
                TimeSpan wait = RetryAfter(FailedAttempts);
                LogUnreachable(log, database, FailedAttempts, wait.TotalSeconds, ex.Message);
                await Task.Delay(wait, stoppingToken);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The MongoDB store (database {Database}) is open, after {FailedAttempts} failed attempts")]
    private static partial void LogReady(ILogger logger, string database, int failedAttempts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The MongoDB store (database {Database}) could not be opened (attempt {Attempt}); retrying in {Seconds} s: {Reason}")]
    private static partial void LogUnreachable(ILogger logger, string database, int attempt, double seconds, string reason);
}
