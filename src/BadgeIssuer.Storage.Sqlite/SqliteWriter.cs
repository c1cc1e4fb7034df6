// Group commit: one writer commits whatever is waiting as one transaction, each statement in its own savepoint, so one
// that fails leaves the others untouched, and every caller is answered only after the commit has reached the disk.
// The queue is bounded: when it is full a caller waits for room (back-pressure) instead of the queue growing.
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BadgeIssuer.Storage.Sqlite;

/// <summary>
/// The single writer of the SQLite file, run by the host. Stopping it takes no new writes and commits the ones already
/// waiting before it ends; a write is acknowledged only once its transaction has committed, so none is lost or half done.
/// </summary>
public sealed partial class SqliteWriter(SqliteConnections connections, ILogger<SqliteWriter> log) : BackgroundService
{
    /// <summary>The most writes waiting at once; a caller beyond it waits for room.</summary>
    public const int QueueCapacity = 1024;

    /// <summary>The most writes one commit takes.</summary>
    private const int MaxGroup = 256;

    private readonly Channel<PendingWrite> _writes = Channel.CreateBounded<PendingWrite>(
        new BoundedChannelOptions(QueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    /// <summary>
    /// Hands a write to the writer and waits for its commit; returns what <paramref name="run"/> returned. A write that
    /// was handed over is carried out even if the caller stops waiting: it is either committed whole or not at all.
    /// <paramref name="then"/>, when given, runs right after it in the same savepoint if it changed a row (the audit
    /// entry of the change, for instance), so the two are committed together or not at all.
    /// </summary>
    public async Task<object?> WriteAsync(string sql, IReadOnlyDictionary<string, object?> parameters, Func<SqliteCommand, object?> run, SqliteStatement? then, CancellationToken cancellationToken)
    {
        PendingWrite write = new(sql, parameters, run, then);
        try
        {
            await _writes.Writer.WriteAsync(write, cancellationToken);
        }
        catch (ChannelClosedException ex)
        {
            throw new InvalidOperationException("The SQLite writer has stopped; the write was not stored.", ex);
        }
        return await write.Done.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Takes no new writes, then waits until the ones already waiting are committed (or the host gives up).</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _writes.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        _writes.Writer.TryComplete();
        base.Dispose();
    }

    /// <summary>Commits waiting writes group by group until the queue is closed and empty; stopping does not cut a group short.</summary>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        List<PendingWrite> group = new(MaxGroup);
        while (await _writes.Reader.WaitToReadAsync(CancellationToken.None))
        {
            while (group.Count < MaxGroup && _writes.Reader.TryRead(out PendingWrite? write)) group.Add(write);
            Commit(group);
            group.Clear();
        }
    }

    /// <summary>Runs the group in one transaction, each write in its own savepoint, commits, then answers every caller.</summary>
    private void Commit(List<PendingWrite> group)
    {
        object?[] results = new object?[group.Count];
        Exception?[] failures = new Exception?[group.Count];
        try
        {
            using SqliteConnection connection = connections.Open();
            SqliteConnections.Run(connection, "BEGIN IMMEDIATE");
            try
            {
                for (int i = 0; i < group.Count; i++)
                {
                    SqliteConnections.Run(connection, "SAVEPOINT write");
                    try
                    {
                        using (SqliteCommand command = SqliteConnections.Command(connection, group[i].Sql, group[i].Parameters))
                            results[i] = group[i].Run(command);
                        if (group[i].Then is { } then && SQLitePCL.raw.sqlite3_changes(connection.Handle) > 0)
                        {
                            using SqliteCommand follow = SqliteConnections.Command(connection, then.Sql, then.Parameters);
                            follow.ExecuteNonQuery();
                        }
                        SqliteConnections.Run(connection, "RELEASE write");
                    }
                    catch (Exception ex)
                    {
                        failures[i] = ex;
                        SqliteConnections.Run(connection, "ROLLBACK TO write; RELEASE write");
                    }
                }
                SqliteConnections.Run(connection, "COMMIT");
            }
            catch
            {
                if (!connection.Handle!.IsInvalid && SQLitePCL.raw.sqlite3_get_autocommit(connection.Handle) == 0) SqliteConnections.Run(connection, "ROLLBACK");
                throw;
            }
        }
        catch (Exception ex)
        {
            // Nothing of the group is stored: every caller learns so, and the writer goes on with the next group.
            LogGroupFailed(log, group.Count, ex);
            foreach (PendingWrite write in group) write.Done.TrySetException(ex);
            return;
        }
        for (int i = 0; i < group.Count; i++)
        {
            if (failures[i] is { } failure) group[i].Done.TrySetException(failure);
            else group[i].Done.TrySetResult(results[i]);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A SQLite commit of {Count} writes failed; none of them is stored and each caller is told")]
    private static partial void LogGroupFailed(ILogger logger, int count, Exception exception);

    /// <summary>A write waiting for the writer, and where its outcome goes.</summary>
    private sealed record PendingWrite(string Sql, IReadOnlyDictionary<string, object?> Parameters, Func<SqliteCommand, object?> Run, SqliteStatement? Then)
    {
        public TaskCompletionSource<object?> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

/// <summary>A statement and its named parameters.</summary>
public sealed record SqliteStatement(string Sql, IReadOnlyDictionary<string, object?> Parameters);
