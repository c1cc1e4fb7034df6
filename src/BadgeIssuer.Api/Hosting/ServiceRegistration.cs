using System.Text.Json;
using System.Text.Json.Serialization;
using BadgeIssuer.Api.Auth;
using BadgeIssuer.Api.Mail;
using BadgeIssuer.Api.Oid4Vci;
using BadgeIssuer.Api.Problems;
using BadgeIssuer.Api.PublicPages;
using BadgeIssuer.Api.Verification;
using BadgeIssuer.Core;
using BadgeIssuer.Core.Configuration;
using BadgeIssuer.Storage.MongoDb;
using BadgeIssuer.Storage.Sqlite;

namespace BadgeIssuer.Api.Hosting;

/// <summary>Composes the service: configuration, Core services, the chosen store, background workers, telemetry, auth and JSON.</summary>
public static class ServiceRegistration
{
    /// <summary>The largest request body Kestrel accepts at all; endpoints apply their own, smaller limits.</summary>
    public const long MaxRequestBodyBytes = 2 * 1024 * 1024;

    private const string MongoDbConnection = "MongoDb";

    /// <summary>
    /// Registers everything the service needs. <c>BadgeIssuer</c> settings are checked when the service starts
    /// (<see cref="BadgeIssuerOptionsValidator"/>); a wrong one stops the start with a line naming it.
    /// </summary>
    public static IServiceCollection AddBadgeIssuer(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<BadgeIssuerOptions>()
            .BindConfiguration(BadgeIssuerOptions.SectionName)
            .Validate(options => options.Storage != StorageKind.MongoDb || !string.IsNullOrEmpty(configuration.GetConnectionString(MongoDbConnection)),
                "BadgeIssuer:Storage is MongoDb but ConnectionStrings:MongoDb (env ConnectionStrings__MongoDb) is not set.")
            .ValidateOnStart();
        services.AddBadgeIssuerCore();
        services.AddStorage(configuration);

        services.AddSingleton<WorkerSignal>();
        services.AddHostedService<BatchWorker>();
        services.AddHostedService<OutboxWorker>();
        services.AddHostedService<WebhookWorker>();
        services.AddSingleton<SmtpMailSender>();
        services.AddSingleton<AssessmentMail>();
        services.AddSingleton<AssessmentPages>();
        services.AddSingleton<SubmissionPage.PageData>();
        services.AddSingleton<ClaimMailDispatcher>();
        if (MailConfigured(configuration)) services.AddHostedService<ClaimMailWorker>();
        services.AddHostedService<ClaimSessionSweeper>();
        services.AddObservability(configuration);
        services.AddForwardedHeaders();
        services.AddSingleton<PageCache>();
        services.AddSingleton<Awards.AwardResponses>();
        services.AddSingleton<Assessment.SubmissionResponses>();
        services.AddVerificationLimits();
        services.AddOid4VciLimits();
        services.AddProblemResponses();
        services.AddSingleton<JsonBody>();
        services.AddSingleton<Batches.CsvBatchReader>();
        services.AddSingleton<Batches.CsvBatchResults>();
        services.AddSingleton<AuthenticationFailureLimits>();
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

    /// <summary>
    /// Whether <c>BadgeIssuer:Email:SmtpHost</c> is set, read while registering as the store's choice is: the mail
    /// worker runs only then (and is not missed by the readiness check otherwise).
    /// </summary>
    private static bool MailConfigured(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration.GetSection(BadgeIssuerOptions.SectionName).GetSection(nameof(BadgeIssuerOptions.Email)).GetValue<string>(nameof(EmailSettings.SmtpHost)));

    /// <summary>
    /// Registers the store <c>BadgeIssuer:Storage</c> names. A store needs its location while it is registered, so the
    /// choice is read here: a name that is no <see cref="StorageKind"/> stops the start at once with the configuration
    /// binder's line naming the setting; a missing MongoDB connection string is reported by the options check at start.
    /// </summary>
    private static void AddStorage(this IServiceCollection services, IConfiguration configuration)
    {
        IConfigurationSection section = configuration.GetSection(BadgeIssuerOptions.SectionName);
        BadgeIssuerOptions defaults = new();
        if (section.GetValue(nameof(BadgeIssuerOptions.Storage), defaults.Storage) == StorageKind.MongoDb)
            services.AddMongoDbStorage(configuration.GetConnectionString(MongoDbConnection) ?? string.Empty,
                writeTimeout: TimeSpan.FromSeconds(section.GetSection(nameof(BadgeIssuerOptions.MongoDb)).GetValue(nameof(MongoDbSettings.WriteTimeoutSeconds), defaults.MongoDb.WriteTimeoutSeconds)));
        else
            services.AddSqliteStorage(Path.GetFullPath(section.GetValue(nameof(BadgeIssuerOptions.DataDirectory), defaults.DataDirectory)!));
    }
}
