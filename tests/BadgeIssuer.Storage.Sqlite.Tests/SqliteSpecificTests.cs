using BadgeIssuer.Storage.Contract;
using BadgeIssuer.Core.Audit;
using BadgeIssuer.Core.Ports;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace BadgeIssuer.Storage.Sqlite.Tests;

public sealed class SqliteSpecificTests(SqliteFixture store) : IClassFixture<SqliteFixture>
{
    [Fact]
    public async Task The_database_runs_in_wal_mode()
    {
        Assert.Equal("wal", await store.Database.JournalModeAsync(default));
    }

    [Fact]
    public async Task A_new_database_uses_32_KB_pages_so_award_rows_fill_them()
    {
        Assert.Equal(SqliteSchema.PageSize, await store.Database.ScalarAsync<long>("PRAGMA page_size", new Dictionary<string, object?>(), default));
    }

    [Fact]
    public void The_database_file_lives_in_the_configured_directory()
    {
        Assert.Equal(Path.Combine(Path.GetFullPath(store.Directory), SqliteConnections.FileName), store.Database.FilePath);
        Assert.True(File.Exists(store.Database.FilePath));
    }

    [Fact]
    public async Task A_second_database_object_on_the_same_file_sees_committed_writes()
    {
        BadgeIssuer.Core.Issuers.Issuer issuer = Samples.Issuer();
        await store.Issuers.InsertAsync(issuer, default);
        IIssuerStore other = store.Reopen().Issuers;
        Assert.Equal(issuer.Name, (await other.GetAsync(issuer.Id, default))?.Name);
    }

    [Fact]
    public async Task A_change_and_its_audit_entry_are_committed_together_or_not_at_all()
    {
        using SqliteFixture own = new();
        using (SqliteConnection connection = new($"Data Source={own.Database.FilePath}"))
        {
            connection.Open();
            using SqliteCommand refuse = connection.CreateCommand();
            refuse.CommandText = "CREATE TRIGGER audit_refused BEFORE INSERT ON audit WHEN json_extract(NEW.doc, '$.action') = 'issuer.created' BEGIN SELECT RAISE(ABORT, 'no entry'); END";
            refuse.ExecuteNonQuery();
        }
        AuditTrail audit = new(own.Audit, own.Issuers, TimeProvider.System);
        BadgeIssuer.Core.Issuers.Issuer refused = Samples.Issuer(), kept = Samples.Issuer();

        WriteOutcome outcome = await audit.RecordAsync(AuditChange.Of(refused.Id, AuditActions.IssuerCreated, 1, ("issuerId", refused.Id)),
            () => own.Issuers.InsertAsync(refused, default), default);
        await audit.RecordAsync(AuditChange.Of(kept.Id, AuditActions.IssuerUpdated, 1, ("issuerId", kept.Id)), () => own.Issuers.InsertAsync(kept, default), default);

        Assert.Equal(WriteOutcome.Conflict, outcome);
        Assert.Null(await own.Issuers.GetAsync(refused.Id, default));
        Assert.NotNull(await own.Issuers.GetAsync(kept.Id, default));
        Assert.Empty((await own.Audit.ListAsync(refused.Id, null, null, 10, default)).Items);
        Assert.Single((await own.Audit.ListAsync(kept.Id, null, null, 10, default)).Items);
    }

    [Fact]
    public async Task Writes_committed_together_keep_their_own_outcomes()
    {
        BadgeIssuer.Core.Issuers.Issuer[] issuers = [.. Enumerable.Range(0, 200).Select(_ => Samples.Issuer())];

        // Every issuer is inserted twice at the same moment: the writer commits many of these in one transaction, and a
        // duplicate that fails inside it must neither undo nor block the writes around it.
        Core.Ports.WriteOutcome[] outcomes = await Task.WhenAll(issuers.Concat(issuers).Select(i => Task.Run(() => store.Issuers.InsertAsync(i, default))));

        Assert.Equal(200, outcomes.Count(o => o == Core.Ports.WriteOutcome.Written));
        Assert.Equal(200, outcomes.Count(o => o == Core.Ports.WriteOutcome.Conflict));
        IIssuerStore reopened = store.Reopen().Issuers;
        foreach (BadgeIssuer.Core.Issuers.Issuer issuer in issuers) Assert.NotNull(await reopened.GetAsync(issuer.Id, default));
    }

    [Fact]
    public void A_database_written_by_a_newer_version_is_refused_at_start()
    {
        string directory = Path.Combine(Path.GetTempPath(), "badgeissuer-newer-" + Guid.NewGuid().ToString("N"));
        try
        {
            StorageHost.Start(services => services.AddSqliteStorage(directory)).Dispose();
            using (SqliteConnection connection = new($"Data Source={Path.Combine(directory, SqliteConnections.FileName)}"))
            {
                connection.Open();
                using SqliteCommand command = connection.CreateCommand();
                command.CommandText = $"PRAGMA user_version={SqliteSchema.Version + 1}";
                command.ExecuteNonQuery();
            }
            SqliteConnection.ClearAllPools();
            InvalidOperationException error = Assert.Throws<InvalidOperationException>(() => StorageHost.Start(services => services.AddSqliteStorage(directory)));
            Assert.Contains("newer", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Registering_the_store_touches_no_file_until_the_host_starts_it()
    {
        string directory = Path.Combine(Path.GetTempPath(), "badgeissuer-lazy-" + Guid.NewGuid().ToString("N"));
        ServiceCollection services = new();
        services.AddLogging();
        services.AddSqliteStorage(directory);
        using (ServiceProvider provider = services.BuildServiceProvider())
        {
            Assert.NotNull(provider.GetRequiredService<Core.Ports.IAwardStore>());
            Assert.False(Directory.Exists(directory));
        }
    }

    [Fact]
    public async Task Stopping_the_store_commits_every_write_it_took_and_refuses_later_ones_clearly()
    {
        string directory = Path.Combine(Path.GetTempPath(), "badgeissuer-stop-" + Guid.NewGuid().ToString("N"));
        BadgeIssuer.Core.Issuers.Issuer[] issuers = [.. Enumerable.Range(0, 300).Select(_ => Samples.Issuer())];
        try
        {
            IIssuerStore store;
            Task<WriteOutcome>[] writes;
            using (StorageHost host = StorageHost.Start(services => services.AddSqliteStorage(directory)))
            {
                store = host.Get<IIssuerStore>();
                writes = [.. issuers.Select(i => Task.Run(() => store.InsertAsync(i, default)))];
                await Task.WhenAny(writes);
            }

            await Task.WhenAll(writes.Select(w => w.ContinueWith(_ => { }, TaskScheduler.Default)));
            InvalidOperationException refused = await Assert.ThrowsAsync<InvalidOperationException>(() => store.InsertAsync(Samples.Issuer(), default));
            Assert.Contains("stopped", refused.Message, StringComparison.Ordinal);
            Assert.All(writes, w => Assert.True(w.Status == TaskStatus.RanToCompletion ? w.Result == WriteOutcome.Written
                : w.Exception?.InnerException is InvalidOperationException { Message: var message } && message.Contains("stopped", StringComparison.Ordinal)));
            SqliteConnection.ClearAllPools();
            using StorageHost reopened = StorageHost.Start(services => services.AddSqliteStorage(directory));
            string[] acknowledged = [.. issuers.Where((_, i) => writes[i].Status == TaskStatus.RanToCompletion).Select(i => i.Id)];
            Assert.NotEmpty(acknowledged);
            foreach (string id in acknowledged) Assert.NotNull(await reopened.Get<IIssuerStore>().GetAsync(id, default));
            Assert.Equal(acknowledged.Length, await reopened.Get<SqliteDatabase>().ScalarAsync<long>("SELECT COUNT(*) FROM issuers", new Dictionary<string, object?>(), default));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }
}
