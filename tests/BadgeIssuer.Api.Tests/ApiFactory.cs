using BadgeIssuer.Core.Clients;
using BadgeIssuer.Storage.Sqlite;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace BadgeIssuer.Api.Tests;

/// <summary>
/// The real service on a test server: SQLite in a temporary directory, a fixed key-encryption key and admin key,
/// and a <see cref="FakeTimeProvider"/> so dates are testable. Rate limits are off (tests verify many times from one
/// address); <c>RateLimitTests</c> turn them on through <see cref="With"/>. A verification may take 120 s rather than the
/// service's 5 s: a debug build on a busy two-core machine, with every other test class running beside it, can take
/// seconds over a learner record of many credentials, and a test of what a verification finds must not turn into a race
/// with the clock; the tests of the deadline itself (<c>VerifyBudgetTests</c>, <c>VerifyCancellationTests</c>,
/// <c>StartupTests</c>) time it or set it.
/// </summary>
public sealed class ApiFactory : WebApplicationFactory<Program>
{
    public const string AdminKey = "bi_test-admin-key-0123456789abcdefghijklmnopqrstuv";
    public const string BaseUrl = "https://badges.test";
    private const string TestKeyEncryptionKey = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    private readonly bool _ownsDirectory;

    public ApiFactory() : this(Path.Combine(Path.GetTempPath(), "badgeissuer-api-" + Guid.NewGuid().ToString("N")), ownsDirectory: true)
    {
    }

    /// <summary>A factory with extra configuration (e.g. <c>BadgeIssuer:Webhooks:AllowPrivateNetworks</c>).</summary>
    public static ApiFactory With(IReadOnlyDictionary<string, string> settings) => new() { _settings = settings };

    /// <summary>A factory with extra configuration and services registered over the service's own (last wins).</summary>
    public static ApiFactory With(IReadOnlyDictionary<string, string> settings, Action<IServiceCollection> services) =>
        new() { _settings = settings, _services = services };

    /// <summary>A factory over an existing data directory (which it leaves in place) with extra configuration.</summary>
    internal static ApiFactory Over(string dataDirectory, IReadOnlyDictionary<string, string> settings) => new(dataDirectory) { _settings = settings };

    private IReadOnlyDictionary<string, string> _settings = new Dictionary<string, string>();
    private Action<IServiceCollection>? _services;

    /// <summary>A factory over an existing data directory (to prove data survives a restart).</summary>
    internal ApiFactory(string dataDirectory, bool ownsDirectory = false, string publicBaseUrl = BaseUrl)
    {
        DataDirectory = dataDirectory;
        _ownsDirectory = ownsDirectory;
        PublicBaseUrl = publicBaseUrl;
    }

    /// <summary>The service's public base URL: <see cref="BaseUrl"/>, or the loopback address of <see cref="OnLoopback"/>.</summary>
    public string PublicBaseUrl { get; }

    /// <summary>The service on a real loopback port (Kestrel), where a browser can reach it, with extra configuration if given.</summary>
    public static ApiFactory OnLoopback(IReadOnlyDictionary<string, string>? settings = null)
    {
        using System.Net.Sockets.TcpListener probe = new(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        int port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        ApiFactory factory = new(Path.Combine(Path.GetTempPath(), "badgeissuer-live-" + Guid.NewGuid().ToString("N")), ownsDirectory: true, $"http://127.0.0.1:{port}")
        {
            _settings = settings ?? new Dictionary<string, string>(),
        };
        factory.UseKestrel(port);
        factory.StartServer();
        return factory;
    }

    public string DataDirectory { get; }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("BadgeIssuer:DataDirectory", DataDirectory);
        builder.UseSetting("BadgeIssuer:PublicBaseUrl", PublicBaseUrl);
        builder.UseSetting("BadgeIssuer:AdminApiKey", AdminKey);
        builder.UseSetting("BadgeIssuer:KeyEncryptionKey", TestKeyEncryptionKey);
        builder.UseSetting("BadgeIssuer:Storage", "Sqlite");
        builder.UseSetting("BadgeIssuer:RateLimiting:Enabled", "false");
        builder.UseSetting("BadgeIssuer:Verification:TimeoutSeconds", "120");
        foreach ((string key, string value) in _settings) builder.UseSetting(key, value);
        builder.ConfigureServices(services =>
        {
            services.Replace(ServiceDescriptor.Singleton<TimeProvider>(Time));
            _services?.Invoke(services);
        });
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && _ownsDirectory && Directory.Exists(DataDirectory))
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(DataDirectory, recursive: true);
        }
    }

    /// <summary>
    /// Waits (up to 20 seconds) until the background work that follows a state change is done: no outbox event is pending
    /// (its webhook deliveries are queued and its stacking has run) and no webhook delivery is waiting for an attempt
    /// due now.
    /// </summary>
    public async Task SideEffectsDoneAsync()
    {
        SqliteDatabase database = Services.GetRequiredService<SqliteDatabase>();
        Dictionary<string, object?> now = new() { ["$now"] = Time.GetUtcNow().UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture) };
        for (DateTime deadline = DateTime.UtcNow.AddSeconds(20); ; await Task.Delay(50))
        {
            long waiting = await database.ScalarAsync<long>("SELECT (SELECT COUNT(*) FROM outbox WHERE state = 'Pending') + " +
                "(SELECT COUNT(*) FROM webhook_deliveries WHERE state = 'Pending' AND next_attempt_at <= $now)", now, default) ?? 0;
            if (waiting == 0) return;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{waiting} outbox events and webhook deliveries are still waiting.");
        }
    }

    /// <summary>A client that sends <paramref name="apiKey"/> as its bearer token.</summary>
    public HttpClient ClientWith(string? apiKey)
    {
        HttpClient client = CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri(PublicBaseUrl), AllowAutoRedirect = false });
        if (apiKey is not null) client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", apiKey);
        return client;
    }

    public HttpClient Admin() => ClientWith(AdminKey);

    public HttpClient Anonymous() => ClientWith(null);

    /// <summary>All scopes an issuer-bound client can hold.</summary>
    public static readonly string[] IssuerScopes = [Scopes.AchievementsWrite, Scopes.AwardsIssue, Scopes.AwardsRead, Scopes.AwardsRevoke];
}
