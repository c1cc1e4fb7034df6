using System.Text;
using BadgeIssuer.Core;
using BadgeIssuer.Core.LearnerRecords;
using BadgeIssuer.Core.Ports;
using BadgeIssuer.Core.Status;
using BadgeIssuer.Storage.Contract;
using Microsoft.Data.Sqlite;

namespace BadgeIssuer.Storage.Sqlite.Tests;

/// <summary>
/// A learner record's signed ClrCredential is stored packed in the <c>content</c> column (schema version 12), not as
/// an escaped string inside the row's JSON document; a record stored the earlier way still reads, and is repacked when
/// it is next written.
/// </summary>
public sealed class StoredLearnerRecordTests : IDisposable
{
    private static readonly string Credential = "{\"type\":[\"VerifiableCredential\",\"ClrCredential\"],\"name\":\"Record é ✓ \\\"quoted\\\"\",\"credentialSubject\":{\"verifiableCredential\":["
        + string.Join(',', Enumerable.Range(0, 50).Select(i => $"{{\"id\":\"https://badges.example/credentials/{i}\",\"name\":\"Digital fluency\"}}")) + "]}}";

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "badgeissuer-records-" + Guid.NewGuid().ToString("N"));
    private readonly StorageHost _host;

    public StoredLearnerRecordTests() => _host = StorageHost.Start(services => services.AddSqliteStorage(_directory));

    public void Dispose()
    {
        _host.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private static LearnerRecord Record() =>
        new(Ids.New(), "i1", "rk", null, "fp", Credential, ["a1", "a2"], Partial: false, Samples.Now, new StatusSlot("list-1", 7), Version: 1);

    private Task<List<(string Doc, byte[]? Content)>> RowAsync(string id) =>
        _host.Get<SqliteDatabase>().RowsAsync("SELECT doc, content FROM learner_records WHERE id = $id", new Dictionary<string, object?> { ["$id"] = id },
            reader => (reader.GetString(0), SqliteDatabase.Blob(reader, 1)), default);

    [Fact]
    public async Task A_record_s_credential_is_stored_packed_beside_its_document_and_reads_back_byte_for_byte()
    {
        LearnerRecord record = Record();
        ILearnerRecordStore records = _host.Get<ILearnerRecordStore>();
        await records.InsertAsync(record, default);

        (string doc, byte[]? content) = Assert.Single(await RowAsync(record.Id));

        Assert.DoesNotContain("Digital fluency", doc, StringComparison.Ordinal);
        Assert.NotNull(content);
        Assert.True(content.Length < Encoding.UTF8.GetByteCount(Credential) / 3, $"{content.Length} bytes packed");
        Assert.Equal(Credential, (await records.GetAsync(record.Id, default))?.CredentialJson);
    }

    [Fact]
    public async Task A_record_stored_with_its_credential_inside_its_document_still_reads_and_is_packed_when_next_written()
    {
        LearnerRecord record = Record();
        ILearnerRecordStore records = _host.Get<ILearnerRecordStore>();
        // Schema version 11 as it was written: the credential as a string inside the document, no content.
        await _host.Get<SqliteDatabase>().WriteAsync(
            "INSERT INTO learner_records (id, issuer_id, recipient_key, issued_at, idempotency_key, version, doc) VALUES ($id, 'i1', 'rk', '2026-11-25T09:00:00.1234567Z', NULL, 1, $doc)",
            new Dictionary<string, object?>
            {
                ["$id"] = record.Id,
                ["$doc"] = $$"""{"id":"{{record.Id}}","issuerId":"i1","recipientKey":"rk","requestFingerprint":"fp","credentialJson":{{System.Text.Json.JsonSerializer.Serialize(Credential)}},"awardIds":["a1","a2"],"partial":false,"issuedAt":"2026-11-25T09:00:00.1234567+00:00","statusListId":"list-1","statusListIndex":7,"version":1}""",
            }, default);

        LearnerRecord? old = await records.GetAsync(record.Id, default);
        Assert.Equal((record.CredentialJson, record.IssuedAt, record.RevocationSlot), (old?.CredentialJson, old?.IssuedAt, old?.RevocationSlot));
        Assert.Equal(record.AwardIds, old!.AwardIds);
        Assert.Equal(WriteOutcome.Written, await records.UpdateAsync(old with { Version = 2, Revoked = new LearnerRecordRevocation(Samples.Now, "Reissued.") }, 1, default));

        (string doc, byte[]? content) = Assert.Single(await RowAsync(record.Id));
        Assert.DoesNotContain("credentialJson", doc, StringComparison.Ordinal);
        Assert.NotNull(content);
        Assert.Equal((Credential, 2L), ((await records.GetAsync(record.Id, default))?.CredentialJson, (await records.GetAsync(record.Id, default))?.Version));
    }
}
