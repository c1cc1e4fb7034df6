using BadgeIssuer.Core;
using BadgeIssuer.Core.LearnerRecords;
using BadgeIssuer.Core.Ports;
using BadgeIssuer.Core.Status;

namespace BadgeIssuer.Storage.Contract;

/// <summary>Learner records: stored once per id and per idempotency key, replaced by version, listed per issuer and learner by time.</summary>
public abstract class LearnerRecordStoreContract<TFixture>(TFixture store) : IClassFixture<TFixture> where TFixture : class, IStoreFixture
{
    private static LearnerRecord Record(string issuerId, string recipientKey = "learner-key", DateTimeOffset? issuedAt = null, string? idempotencyKey = null) =>
        new(Ids.New(), issuerId, recipientKey, idempotencyKey, "fingerprint", """{"type":["VerifiableCredential","ClrCredential"],"name":"Record é ✓"}""",
            [Ids.New(), Ids.New()], Partial: true, issuedAt ?? Samples.Now, new StatusSlot(Ids.New(), 4242), Version: 1);

    [StoreFact]
    public async Task A_record_round_trips_and_a_second_insert_with_its_id_is_a_conflict()
    {
        LearnerRecord record = Record(Ids.New());

        Assert.Equal(LearnerRecordInsertKind.Inserted, (await store.LearnerRecords.InsertAsync(record, default)).Kind);
        Assert.Equal(LearnerRecordInsertKind.Conflict, (await store.LearnerRecords.InsertAsync(record with { Partial = false }, default)).Kind);

        Same.Equal(record, await store.Reopen().LearnerRecords.GetAsync(record.Id, default));
        Assert.Null(await store.LearnerRecords.GetAsync(Ids.New(), default));
    }

    [StoreFact]
    public async Task A_second_record_under_an_issuers_idempotency_key_returns_the_first()
    {
        string issuerId = Ids.New();
        LearnerRecord first = Record(issuerId, idempotencyKey: "key-1");
        Assert.Equal(LearnerRecordInsertKind.Inserted, (await store.LearnerRecords.InsertAsync(first, default)).Kind);

        LearnerRecordInsertOutcome again = await store.LearnerRecords.InsertAsync(Record(issuerId, idempotencyKey: "key-1"), default);

        Assert.Equal(LearnerRecordInsertKind.DuplicateIdempotencyKey, again.Kind);
        Assert.Equal(first.Id, again.Existing?.Id);
        Assert.Equal(LearnerRecordInsertKind.Inserted, (await store.LearnerRecords.InsertAsync(Record(Ids.New(), idempotencyKey: "key-1"), default)).Kind);
        Assert.Equal(LearnerRecordInsertKind.Inserted, (await store.LearnerRecords.InsertAsync(Record(issuerId), default)).Kind);
        Assert.Equal(LearnerRecordInsertKind.Inserted, (await store.LearnerRecords.InsertAsync(Record(issuerId), default)).Kind);
        Assert.Equal(first.Id, (await store.Reopen().LearnerRecords.FindByIdempotencyKeyAsync(issuerId, "key-1", default))?.Id);
        Assert.Null(await store.LearnerRecords.FindByIdempotencyKeyAsync(issuerId, "key-2", default));
    }

    [StoreFact]
    public async Task An_update_is_a_compare_and_swap_on_the_version()
    {
        LearnerRecord record = Record(Ids.New());
        await store.LearnerRecords.InsertAsync(record, default);
        LearnerRecord revoked = record with { Revoked = new LearnerRecordRevocation(Samples.Now.AddDays(1), "Replaced."), Version = 2 };

        Assert.Equal(WriteOutcome.Written, await store.LearnerRecords.UpdateAsync(revoked, 1, default));
        Assert.Equal(WriteOutcome.Conflict, await store.LearnerRecords.UpdateAsync(revoked with { Version = 3 }, 1, default));
        Assert.Equal(WriteOutcome.NotFound, await store.LearnerRecords.UpdateAsync(Record(Ids.New()) with { Version = 2 }, 1, default));

        Same.Equal(revoked, await store.Reopen().LearnerRecords.GetAsync(record.Id, default));
    }

    [StoreFact]
    public async Task Records_are_listed_per_issuer_and_learner_oldest_first_across_pages()
    {
        string issuerId = Ids.New();
        LearnerRecord[] mine = [Record(issuerId, issuedAt: Samples.Now.AddMinutes(2)), Record(issuerId, issuedAt: Samples.Now), Record(issuerId, issuedAt: Samples.Now),
            Record(issuerId, issuedAt: Samples.Now.AddMinutes(1))];
        foreach (LearnerRecord record in mine) await store.LearnerRecords.InsertAsync(record, default);
        await store.LearnerRecords.InsertAsync(Record(issuerId, recipientKey: "someone-else"), default);
        await store.LearnerRecords.InsertAsync(Record(Ids.New()), default);

        List<LearnerRecord> listed = await Same.AllPagesAsync((cursor, limit) => store.LearnerRecords.ListAsync(issuerId, "learner-key", cursor, limit, default));

        Assert.Equal(mine.OrderBy(r => r.IssuedAt).ThenBy(r => r.Id, StringComparer.Ordinal).Select(r => r.Id), listed.Select(r => r.Id));
    }
}
