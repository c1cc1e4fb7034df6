using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;

namespace BadgeIssuer.Storage.Sqlite;

/// <summary>
/// Opens the SQLite file when the host starts, before anything is served: creates the data directory and the file, or
/// brings an older schema forward (<see cref="SqliteSchema"/>). A failure stops the start with one clear message.
/// </summary>
public sealed class SqliteStartup(SqliteConnections connections) : IHostedService
{
    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            SqliteSchema.Apply(connections);
        }
        catch (Exception ex) when (ex is SqliteException or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            throw new InvalidOperationException($"The SQLite store could not be opened at {connections.FilePath}: {ex.Message}", ex);
        }
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
