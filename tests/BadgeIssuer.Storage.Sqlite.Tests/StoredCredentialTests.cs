using System.Buffers.Text;
using System.Text;
using BadgeIssuer.Core.Awards;
using BadgeIssuer.Storage.Documents;
using BadgeIssuer.Storage.Contract;
using Microsoft.Data.Sqlite;

namespace BadgeIssuer.Storage.Sqlite.Tests;

public sealed class StoredCredentialTests
{
    private static readonly string Credential = "{\"@context\":[\"https://www.w3.org/ns/credentials/v2\"],\"id\":\"urn:uuid:1\",\"name\":\"Lehrerbildung ✓ — \\\"quoted\\\"\","
        + string.Concat(Enumerable.Range(0, 40).Select(i => $"\"field{i}\":\"https://badges.example/achievements/digital-fluency/{i}\",")) + "\"end\":true}";

    [Fact]
    public void A_credential_and_its_jwt_unpack_to_the_same_strings_and_take_far_less_room()
    {
        string jwt = Base64Url.EncodeToString("{\"alg\":\"EdDSA\",\"typ\":\"JWT\"}"u8) + "." + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(Credential)) + ".c2lnbmF0dXJl";

        byte[] packed = StoredCredential.Pack(Credential, jwt);

        Assert.Equal((Credential, jwt), StoredCredential.Unpack(packed));
        Assert.True(packed.Length < Encoding.UTF8.GetByteCount(Credential) / 3, $"{packed.Length} bytes packed");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("eyJhbGciOiJSUzI1NiJ9.e30.c2ln")]
    [InlineData("eyJhbGciOiJSUzI1NiJ9.e31.c2ln")]
    [InlineData("eyJhbGciOiJSUzI1NiJ9.e30=.c2ln")]
    [InlineData("not a jwt")]
    [InlineData("a..b")]
    public void A_jwt_comes_back_byte_for_byte_even_when_its_payload_is_not_canonical_base64url(string? jwt)
    {
        Assert.Equal((Credential, jwt), StoredCredential.Unpack(StoredCredential.Pack(Credential, jwt)));
    }

    [Fact]
    public void A_damaged_value_is_reported_as_invalid_data()
    {
        byte[] packed = StoredCredential.Pack(Credential, null);

        Assert.Throws<InvalidDataException>(() => StoredCredential.Unpack([9, .. packed[1..]]));
        Assert.Throws<InvalidDataException>(() => StoredCredential.Unpack(packed[..(packed.Length / 2)]));
    }

    [Fact]
    public async Task A_database_in_the_previous_format_opens_and_its_awards_and_finished_batches_read_as_before()
    {
        string directory = Path.Combine(Path.GetTempPath(), "badgeissuer-v2-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            // Schema version 2 as it was written: the credential and the JWT inside the award's JSON document.
            using (SqliteConnection connection = new($"Data Source={Path.Combine(directory, SqliteConnections.FileName)}"))
            {
                connection.Open();
                using SqliteCommand command = connection.CreateCommand();
                command.CommandText = """
                    PRAGMA journal_mode=WAL;
                    CREATE TABLE awards (
                        id TEXT PRIMARY KEY, issuer_id TEXT NOT NULL, achievement_id TEXT NOT NULL, credential_id TEXT NOT NULL UNIQUE,
                        recipient_key TEXT NOT NULL, idempotency_key TEXT, issued_at TEXT NOT NULL, version INTEGER NOT NULL, doc TEXT NOT NULL);
                    CREATE UNIQUE INDEX awards_by_idempotency_key ON awards (issuer_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
                    CREATE INDEX awards_by_issuer_recipient_time ON awards (issuer_id, recipient_key, issued_at, id);
                    CREATE TABLE batches (
                        id TEXT PRIMARY KEY, issuer_id TEXT NOT NULL, idempotency_key TEXT, state TEXT NOT NULL, lease_until TEXT, created_at TEXT NOT NULL,
                        version INTEGER NOT NULL, doc TEXT NOT NULL);
                    CREATE TABLE batch_chunks (batch_id TEXT NOT NULL, number INTEGER NOT NULL, doc TEXT NOT NULL, PRIMARY KEY (batch_id, number));
                    CREATE TABLE clients (id TEXT PRIMARY KEY, key_hash TEXT NOT NULL UNIQUE, issuer_id TEXT, doc TEXT NOT NULL);
                    INSERT INTO awards VALUES ('a1', 'i1', 'ach1', 'https://badges.test/credentials/a1', 'rk', 'key-1', '2026-11-25T09:00:00.1234567Z', 2,
                        '{"id":"a1","issuerId":"i1","achievementId":"ach1","credentialId":"https://badges.test/credentials/a1","recipientKey":"rk","idempotencyKey":"key-1","requestFingerprint":"fp","credentialJson":"{\"id\":\"x\",\"name\":\"é ✓\"}","jwt":"eyJhbGciOiJSUzI1NiJ9.e30.c2ln","issuedAt":"2026-11-25T09:00:00.1234567+00:00","validUntil":null,"version":2,"statusListId":null,"statusListIndex":null,"revokedAt":null,"revocationReason":null,"supersededBy":null,"supersedes":null,"suspensionListId":null,"suspensionListIndex":null,"suspendedAt":null,"suspensionReason":null}');
                    INSERT INTO batches VALUES ('done', 'i1', NULL, 'Completed', NULL, '2026-11-25T09:00:00.0000000Z', 5, '{}');
                    INSERT INTO batches VALUES ('queued', 'i1', NULL, 'Queued', NULL, '2026-11-25T09:00:00.0000000Z', 1, '{}');
                    INSERT INTO batch_chunks VALUES ('done', 0, '{}'), ('queued', 0, '{}');
                    PRAGMA user_version=2;
                    """;
                command.ExecuteNonQuery();
            }
            SqliteConnection.ClearAllPools();

            using StorageHost host = StorageHost.Start(services => services.AddSqliteStorage(directory));
            SqliteDatabase database = host.Get<SqliteDatabase>();
            Core.Ports.IAwardStore awards = host.Get<Core.Ports.IAwardStore>();

            Award? old = await awards.GetAsync("a1", default);
            Assert.Equal(("{\"id\":\"x\",\"name\":\"é ✓\"}", "eyJhbGciOiJSUzI1NiJ9.e30.c2ln", 2L), (old?.CredentialJson, old?.Jwt, old?.Version));
            Assert.Equal("a1", (await awards.FindByIdempotencyKeyAsync("i1", "key-1", default))?.Id);
            Assert.Equal(Core.Ports.WriteOutcome.Written, await awards.UpdateAsync(old! with { Jwt = null, Version = 3 }, 2, default));
            Assert.Equal((old.CredentialJson, (string?)null), ((await awards.GetAsync("a1", default))?.CredentialJson, (await awards.GetAsync("a1", default))?.Jwt));
            Assert.Equal(SqliteSchema.Version, await database.ScalarAsync<long>("PRAGMA user_version", new Dictionary<string, object?>(), default));
            Assert.Equal(["queued"], await database.RowsAsync("SELECT batch_id FROM batch_chunks", new Dictionary<string, object?>(), r => r.GetString(0), default));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }
}
