using BadgeIssuer.Core.Ports;
using Microsoft.Extensions.DependencyInjection;

namespace BadgeIssuer.Storage.Sqlite;

/// <summary>Registers the SQLite store (the embedded default).</summary>
public static class SqliteStorage
{
    /// <summary>Every storage port over one SQLite file in <paramref name="dataDirectory"/>.</summary>
    public static IServiceCollection AddSqliteStorage(this IServiceCollection services, string dataDirectory)
    {
        services.AddSingleton(new SqliteDatabase(dataDirectory));
        services.AddSingleton<IIssuerStore, SqliteIssuerStore>();
        services.AddSingleton<IKeyStore, SqliteKeyStore>();
        services.AddSingleton<IAchievementStore, SqliteAchievementStore>();
        services.AddSingleton<IAwardStore, SqliteAwardStore>();
        services.AddSingleton<IClientStore, SqliteClientStore>();
        services.AddSingleton<IStatusListStore, SqliteStatusListStore>();
        services.AddSingleton<IBatchStore, SqliteBatchStore>();
        services.AddSingleton<IWebhookStore, SqliteWebhookStore>();
        services.AddSingleton<IStoreHealth, SqliteHealth>();
        return services;
    }
}
