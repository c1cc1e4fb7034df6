using System.Text.Json;
using System.Text.Json.Serialization;
using BadgeIssuer.Api.Auth;
using BadgeIssuer.Api.Problems;
using BadgeIssuer.Api.PublicPages;
using BadgeIssuer.Api.Verification;
using BadgeIssuer.Core.Achievements;
using BadgeIssuer.Core.Awards;
using BadgeIssuer.Core.Batches;
using BadgeIssuer.Core.Clients;
using BadgeIssuer.Core.Configuration;
using BadgeIssuer.Core.Issuers;
using BadgeIssuer.Core.Issuing;
using BadgeIssuer.Core.Keys;
using BadgeIssuer.Core.Ports;
using BadgeIssuer.Core.Stacking;
using BadgeIssuer.Core.Webhooks;
using BadgeIssuer.Core.Status;
using BadgeIssuer.Credentials.Proofs.DataIntegrity;
using BadgeIssuer.Credentials.Verification;
using BadgeIssuer.Storage.MongoDb;
using BadgeIssuer.Storage.Sqlite;

namespace BadgeIssuer.Api.Hosting;

/// <summary>Composes the service: configuration, the chosen store, Core services, auth and JSON.</summary>
public static class ServiceRegistration
{
    /// <summary>The largest request body Kestrel accepts at all; endpoints apply their own, smaller limits.</summary>
    public const long MaxRequestBodyBytes = 2 * 1024 * 1024;

    /// <summary>Registers everything the service needs.</summary>
    public static IServiceCollection AddBadgeIssuer(this IServiceCollection services, IConfiguration configuration)
    {
        BadgeIssuerOptions options = configuration.GetSection(BadgeIssuerOptions.SectionName).Get<BadgeIssuerOptions>() ?? new BadgeIssuerOptions();
        if (!Uri.TryCreate(options.PublicBaseUrl, UriKind.Absolute, out Uri? baseUri) || (baseUri.Scheme != Uri.UriSchemeHttp && baseUri.Scheme != Uri.UriSchemeHttps))
            throw new InvalidOperationException($"BadgeIssuer:PublicBaseUrl must be an absolute http(s) URL; found '{options.PublicBaseUrl}'.");
        if (options.Issuers.DidWeb && baseUri.Scheme != Uri.UriSchemeHttps)
            throw new InvalidOperationException($"BadgeIssuer:Issuers:DidWeb needs an https BadgeIssuer:PublicBaseUrl, since did:web resolves over HTTPS only; found '{options.PublicBaseUrl}'.");
        if (options.Verification.TimeoutSeconds is < 1 or > 300)
            throw new InvalidOperationException($"BadgeIssuer:Verification:TimeoutSeconds must be between 1 and 300; found {options.Verification.TimeoutSeconds}.");
        services.AddSingleton(options);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<PublicUrls>();
        services.AddSingleton<ObDocuments>();
        services.AddSingleton(new EddsaDataIntegrity());
        services.AddStorage(options, configuration);

        services.AddSingleton(sp => KeyEncryptionKeySource.Load(options, sp.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(KeyEncryptionKeySource))));
        services.AddSingleton<IssuerKeyService>();
        services.AddSingleton<IssuerService>();
        services.AddSingleton<AchievementService>();
        services.AddSingleton<IssuingService>();
        services.AddSingleton<ClientService>();
        services.AddSingleton<PublicationService>();
        services.AddSingleton<StatusService>();
        services.AddSingleton<StatusSlotAllocator>();
        services.AddSingleton<ReissueService>();
        services.AddSingleton<StackingService>();
        services.AddSingleton<BatchService>();
        services.AddSingleton(new BatchOptions { Lease = TimeSpan.FromSeconds(Math.Max(1, options.Batches.LeaseSeconds)) });
        services.AddSingleton<BatchProcessor>();
        services.AddSingleton<WorkerSignal>();
        services.AddHostedService<BatchWorker>();
        WebhookOptions webhookOptions = new()
        {
            AllowPrivateNetworks = options.Webhooks.AllowPrivateNetworks,
            MaxAttempts = Math.Max(1, options.Webhooks.MaxAttempts),
            FirstRetry = TimeSpan.FromSeconds(Math.Max(1, options.Webhooks.FirstRetrySeconds)),
        };
        services.AddSingleton(webhookOptions);
        services.AddSingleton<WebhookService>();
        services.AddSingleton(sp => new WebhookDispatcher(sp.GetRequiredService<IWebhookStore>(), sp.GetRequiredService<KeyEncryption>(),
            WebhookHttp.Create(webhookOptions.AllowPrivateNetworks), webhookOptions, sp.GetRequiredService<TimeProvider>()));
        services.AddHostedService<WebhookWorker>();
        services.AddSingleton<ITrustedKeySource, StoredTrustedKeySource>();
        services.AddSingleton(sp => new RemoteDocuments(
            new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, ConnectTimeout = TimeSpan.FromSeconds(5) }) { Timeout = TimeSpan.FromSeconds(10) },
            new RemoteDocumentOptions { AllowedHosts = [.. options.Verification.AllowedHosts] },
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IHostedDocuments, HostedDocuments>();
        services.AddSingleton<PageCache>();
        services.AddSingleton(sp => new CredentialVerifier(sp.GetRequiredService<ITrustedKeySource>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<RemoteDocuments>(), sp.GetRequiredService<IHostedDocuments>(),
            new VerificationLimits { Timeout = TimeSpan.FromSeconds(options.Verification.TimeoutSeconds) }));

        services.AddVerificationLimits(options.RateLimiting);
        services.AddProblemResponses();
        services.AddSingleton<JsonBody>();
        services.AddAuthentication(ApiKeyAuthentication.SchemeName)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiKeyAuthentication>(ApiKeyAuthentication.SchemeName, null);
        services.AddAuthorization();
        services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
            json.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        });
        return services;
    }

    private static void AddStorage(this IServiceCollection services, BadgeIssuerOptions options, IConfiguration configuration)
    {
        if (string.Equals(options.Storage, "Sqlite", StringComparison.OrdinalIgnoreCase))
        {
            services.AddSqliteStorage(Path.GetFullPath(options.DataDirectory));
        }
        else if (string.Equals(options.Storage, "MongoDb", StringComparison.OrdinalIgnoreCase))
        {
            string connectionString = configuration.GetConnectionString("MongoDb")
                ?? throw new InvalidOperationException("BadgeIssuer:Storage is MongoDb but ConnectionStrings:MongoDb (env ConnectionStrings__MongoDb) is not set.");
            services.AddMongoDbStorage(connectionString);
        }
        else
        {
            throw new InvalidOperationException($"BadgeIssuer:Storage must be Sqlite or MongoDb; found '{options.Storage}'.");
        }
    }
}
