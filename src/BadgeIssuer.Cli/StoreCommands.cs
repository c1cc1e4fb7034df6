using System.Security.Cryptography;
using BadgeIssuer.Core;
using BadgeIssuer.Core.Configuration;
using BadgeIssuer.Core.Keys;
using BadgeIssuer.Storage.MongoDb;
using BadgeIssuer.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace BadgeIssuer.Cli;

/// <summary>
/// The commands that work on the service's own store, opened from the service's configuration: <c>BadgeIssuer__...</c>
/// (and <c>ConnectionStrings__MongoDb</c>) environment variables over an appsettings file given with <c>--settings</c>,
/// in the environment <c>ASPNETCORE_ENVIRONMENT</c> (or <c>DOTNET_ENVIRONMENT</c>) names, Production by default, as
/// the service reads them. They run beside a running service: every write is one conditional store write.
/// </summary>
internal static class StoreCommands
{
    /// <summary>The lines of the usage text for these commands.</summary>
    public const string Usage = """
          keys rewrap [--settings <file>]     seal every private key and webhook secret again under the newest key-encryption key
          backup <file> [--settings <file>]   copy the SQLite store into a new file (mode 0600), safe while the service runs
        """;

    private const string SettingsOption = "--settings";

    /// <summary>Runs <c>keys rewrap</c> or <c>backup</c>; <c>null</c> when <paramref name="args"/> is neither.</summary>
    public static int? TryRun(string[] args, TextWriter stdout, TextWriter stderr)
    {
        string? settings = null;
        if (args.Length > 2 && args[^2] == SettingsOption)
        {
            settings = args[^1];
            args = args[..^2];
        }
        try
        {
            return args switch
            {
                ["keys", "rewrap"] => RewrapAsync(Configuration(settings), stdout).GetAwaiter().GetResult(),
                ["backup", string destination] => Backup(Configuration(settings), destination, stdout, stderr),
                _ => null,
            };
        }
        catch (Exception ex) when (ex is OptionsValidationException or InvalidOperationException or CryptographicException or SqliteException or InvalidDataException)
        {
            stderr.WriteLine($"badge: {ex.Message}");
            return 2;
        }
    }

    private static IConfigurationRoot Configuration(string? settings)
    {
        ConfigurationBuilder configuration = new();
        if (settings is not null) configuration.AddJsonFile(Path.GetFullPath(settings), optional: false);
        return configuration.AddEnvironmentVariables().Build();
    }

    private static BadgeIssuerOptions Options(IConfiguration configuration) =>
        configuration.GetSection(BadgeIssuerOptions.SectionName).Get<BadgeIssuerOptions>() ?? new BadgeIssuerOptions();

    /// <summary>Opens the store as the service does (its start-up steps and writer run), reseals, and prints the counts.</summary>
    private static async Task<int> RewrapAsync(IConfigurationRoot configuration, TextWriter stdout)
    {
        HostApplicationBuilder builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings
        {
            EnvironmentName = Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT") ?? Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") ?? Environments.Production,
        });
        builder.Configuration.AddConfiguration(configuration);
        builder.Services.AddLogging();
        builder.Services.AddOptions<BadgeIssuerOptions>().BindConfiguration(BadgeIssuerOptions.SectionName).ValidateOnStart();
        builder.Services.AddBadgeIssuerCore();
        BadgeIssuerOptions options = Options(configuration);
        if (options.Storage == StorageKind.MongoDb)
            builder.Services.AddMongoDbStorage(configuration.GetConnectionString("MongoDb") ?? throw new InvalidOperationException("BadgeIssuer:Storage is MongoDb but ConnectionStrings:MongoDb (env ConnectionStrings__MongoDb) is not set."));
        else
            builder.Services.AddSqliteStorage(Path.GetFullPath(options.DataDirectory));
        using IHost host = builder.Build();
        await host.StartAsync();
        try
        {
            RewrapCounts counts = await host.Services.GetRequiredService<KeyRewrap>().RunAsync(CancellationToken.None);
            stdout.WriteLine($"private keys: {counts.KeysResealed} resealed, {counts.KeysCurrent} already under the newest key-encryption key");
            stdout.WriteLine($"webhook secrets: {counts.WebhookSecretsResealed} resealed, {counts.WebhookSecretsCurrent} already under the newest key-encryption key");
            return 0;
        }
        finally
        {
            await host.StopAsync();
        }
    }

    /// <summary>
    /// Copies the SQLite file through SQLite's online backup API: one read transaction, which in WAL mode lets the
    /// service go on writing, gives a consistent copy of every commit before it. The copy is a new file of mode 0600.
    /// </summary>
    private static int Backup(IConfigurationRoot configuration, string destination, TextWriter stdout, TextWriter stderr)
    {
        BadgeIssuerOptions options = Options(configuration);
        if (options.Storage != StorageKind.Sqlite)
        {
            stderr.WriteLine($"badge: backup copies the SQLite store; BadgeIssuer:Storage is {options.Storage} (back MongoDB up with mongodump or its snapshots).");
            return 2;
        }
        string source = Path.Combine(Path.GetFullPath(options.DataDirectory), SqliteConnections.FileName);
        if (!File.Exists(source))
        {
            stderr.WriteLine($"badge: there is no SQLite store at {source} (BadgeIssuer:DataDirectory).");
            return 2;
        }
        string target = Path.GetFullPath(destination);
        new FileStream(target, PrivateFiles.NewFile(FileAccess.Write)).Dispose();
        using (SqliteConnection from = new(new SqliteConnectionStringBuilder { DataSource = source, Mode = SqliteOpenMode.ReadWrite, Pooling = false, DefaultTimeout = 30 }.ToString()))
        using (SqliteConnection to = new(new SqliteConnectionStringBuilder { DataSource = target, Pooling = false }.ToString()))
        {
            from.Open();
            to.Open();
            from.BackupDatabase(to);
        }
        stdout.WriteLine($"backed up {source} to {target}");
        return 0;
    }
}
