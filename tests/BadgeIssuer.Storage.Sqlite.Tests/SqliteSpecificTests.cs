using BadgeIssuer.Storage.Contract;
using Microsoft.Data.Sqlite;

namespace BadgeIssuer.Storage.Sqlite.Tests;

public sealed class SqliteSpecificTests(SqliteFixture store) : IClassFixture<SqliteFixture>
{
    [Fact]
    public async Task The_database_runs_in_wal_mode()
    {
        Assert.Equal("wal", await store.Database.JournalModeAsync(default));
    }

    [Fact]
    public void The_database_file_lives_in_the_configured_directory()
    {
        Assert.Equal(Path.Combine(Path.GetFullPath(store.Directory), SqliteDatabase.FileName), store.Database.FilePath);
        Assert.True(File.Exists(store.Database.FilePath));
    }

    [Fact]
    public async Task A_second_database_object_on_the_same_file_sees_committed_writes()
    {
        BadgeIssuer.Core.Issuers.Issuer issuer = Samples.Issuer();
        await store.Issuers.InsertAsync(issuer, default);
        SqliteIssuerStore other = new(new SqliteDatabase(store.Directory));
        Assert.Equal(issuer.Name, (await other.GetAsync(issuer.Id, default))?.Name);
    }

    [Fact]
    public void A_database_written_by_a_newer_version_is_refused()
    {
        string directory = Path.Combine(Path.GetTempPath(), "badgeissuer-newer-" + Guid.NewGuid().ToString("N"));
        try
        {
            SqliteDatabase database = new(directory);
            using (SqliteConnection connection = new($"Data Source={database.FilePath}"))
            {
                connection.Open();
                using SqliteCommand command = connection.CreateCommand();
                command.CommandText = $"PRAGMA user_version={SqliteDatabase.SchemaVersion + 1}";
                command.ExecuteNonQuery();
            }
            SqliteConnection.ClearAllPools();
            InvalidOperationException error = Assert.Throws<InvalidOperationException>(() => new SqliteDatabase(directory));
            Assert.Contains("newer", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }
}
