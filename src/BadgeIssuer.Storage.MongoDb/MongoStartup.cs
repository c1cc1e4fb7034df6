using Microsoft.Extensions.Hosting;
using MongoDB.Driver;

namespace BadgeIssuer.Storage.MongoDb;

/// <summary>
/// Makes sure the MongoDB indexes exist when the host starts, before anything is served (the first contact with the
/// server). A failure stops the start with one clear message.
/// </summary>
public sealed class MongoStartup(MongoDatabase db) : IHostedService
{
    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await db.CreateIndexesAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is MongoException or TimeoutException)
        {
            throw new InvalidOperationException($"The MongoDB store could not be opened (database {db.Database.DatabaseNamespace.DatabaseName}): {ex.Message}", ex);
        }
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
