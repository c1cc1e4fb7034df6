using BadgeIssuer.Core;
using BadgeIssuer.Core.Assessment;
using BadgeIssuer.Core.Ports;

namespace BadgeIssuer.Storage.Contract;

/// <summary>Evidence files: the record and its exact bytes, stored once per id.</summary>
public abstract class EvidenceFileStoreContract<TFixture>(TFixture store) : IClassFixture<TFixture> where TFixture : class, IStoreFixture
{
    [StoreFact]
    public async Task A_file_and_its_bytes_round_trip_and_a_second_insert_with_its_id_is_a_conflict()
    {
        byte[] content = [.. Enumerable.Range(0, 3 * 1024 * 1024 + 7).Select(i => (byte)(i * 31 % 256))];
        EvidenceFile file = new(Ids.New(), Ids.New(), Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content)), "application/pdf",
            content.Length, "Lesson plan — week 3 ✓.pdf", Samples.Now);

        Assert.Equal(WriteOutcome.Written, await store.EvidenceFiles.InsertAsync(file, content, default));
        Assert.Equal(WriteOutcome.Conflict, await store.EvidenceFiles.InsertAsync(file with { FileName = null }, new byte[] { 1 }, default));

        IStoreFixture reopened = store.Reopen();
        Same.Equal(file, await reopened.EvidenceFiles.GetAsync(file.Id, default));
        Assert.Equal(content, await reopened.EvidenceFiles.ReadContentAsync(file.Id, default));
        Assert.Null(await store.EvidenceFiles.GetAsync(Ids.New(), default));
        Assert.Null(await store.EvidenceFiles.ReadContentAsync(Ids.New(), default));
    }

    [StoreFact]
    public async Task A_file_without_a_name_keeps_every_byte_value()
    {
        byte[] content = [.. Enumerable.Range(0, 256).Select(i => (byte)i)];
        EvidenceFile file = new(Ids.New(), Ids.New(), new string('0', 64), "application/octet-stream", content.Length, null, Samples.Now);

        await store.EvidenceFiles.InsertAsync(file, content, default);

        Assert.Null((await store.EvidenceFiles.GetAsync(file.Id, default))?.FileName);
        Assert.Equal(content, await store.EvidenceFiles.ReadContentAsync(file.Id, default));
    }
}
