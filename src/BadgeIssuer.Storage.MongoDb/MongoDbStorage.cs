using BadgeIssuer.Core.Ports;
using Microsoft.Extensions.DependencyInjection;

namespace BadgeIssuer.Storage.MongoDb;

/// <summary>Registers the MongoDB store (production).</summary>
public static class MongoDbStorage
{
    /// <summary>Every storage port over the database <paramref name="databaseName"/> at <paramref name="connectionString"/>.</summary>
    public static IServiceCollection AddMongoDbStorage(this IServiceCollection services, string connectionString, string databaseName = "badgeissuer")
    {
        services.AddSingleton(_ => new MongoDatabase(connectionString, databaseName));
        services.AddSingleton<IIssuerStore, MongoIssuerStore>();
        services.AddSingleton<IKeyStore, MongoKeyStore>();
        services.AddSingleton<IAchievementStore, MongoAchievementStore>();
        services.AddSingleton<IAwardStore, MongoAwardStore>();
        services.AddSingleton<IClientStore, MongoClientStore>();
        services.AddSingleton<IStatusListStore, MongoStatusListStore>();
        services.AddSingleton<IBatchStore, MongoBatchStore>();
        services.AddSingleton<IWebhookStore, MongoWebhookStore>();
        services.AddSingleton<IStoreHealth, MongoHealth>();
        return services;
    }
}
