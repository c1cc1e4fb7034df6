using BadgeIssuer.Core;
using BadgeIssuer.Core.Audit;
using BadgeIssuer.Core.Issuers;
using BadgeIssuer.Core.Ports;

namespace BadgeIssuer.Storage.Contract;

public abstract class AuditStoreContract<TFixture>(TFixture store) : IClassFixture<TFixture> where TFixture : class, IStoreFixture
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);

    private static AuditEntry Entry(string? issuerId, DateTimeOffset at, string action = AuditActions.AwardIssued, string actor = "client-1", string? requestId = "0HN1:00000001") =>
        new(Ids.New(), issuerId, at, actor, action, new SortedDictionary<string, string>(StringComparer.Ordinal) { ["awardId"] = Ids.New(), ["achievementId"] = Ids.New() }, requestId);

    private static async Task<List<AuditEntry>> AllAsync(IAuditStore audit, string issuerId, DateTimeOffset? from, int limit) =>
        await Page<AuditEntry>.AllAsync(cursor => audit.ListAsync(issuerId, from, cursor, limit, default));

    private static void SameEntry(AuditEntry expected, AuditEntry actual)
    {
        Assert.Equal((expected.Id, expected.IssuerId, expected.At.UtcTicks, expected.Actor, expected.Action, expected.RequestId),
            (actual.Id, actual.IssuerId, actual.At.UtcTicks, actual.Actor, actual.Action, actual.RequestId));
        Assert.Equal(expected.Targets.OrderBy(t => t.Key, StringComparer.Ordinal), actual.Targets);
    }

    [StoreFact]
    public async Task Entries_round_trip_and_list_by_time_then_id_page_by_page_with_a_cursor()
    {
        string issuerId = Ids.New();
        AuditEntry[] entries =
        [
            Entry(issuerId, Now.AddMinutes(2)),
            Entry(issuerId, Now, AuditActions.IssuerCreated, actor: "admin"),
            Entry(issuerId, Now.AddMinutes(1), requestId: null),
            Entry(issuerId, Now.AddMinutes(1).ToOffset(TimeSpan.FromHours(2)), AuditActions.AwardRevoked),
            Entry(issuerId, Now.AddTicks(1), AuditActions.ClientRotated),
        ];
        foreach (AuditEntry entry in entries) await store.Audit.AppendAsync(entry, default);

        List<AuditEntry> listed = await AllAsync(store.Reopen().Audit, issuerId, from: null, limit: 2);

        AuditEntry[] expected = [.. entries.OrderBy(e => e.At.UtcTicks).ThenBy(e => e.Id, StringComparer.Ordinal)];
        Assert.Equal(expected.Select(e => e.Id), listed.Select(e => e.Id));
        for (int i = 0; i < expected.Length; i++) SameEntry(expected[i], listed[i]);
        Page<AuditEntry> first = await store.Audit.ListAsync(issuerId, null, null, 2, default);
        Assert.Equal(TimeCursor.After(expected[1].At, expected[1].Id), first.NextCursor);
    }

    [StoreFact]
    public async Task An_entry_appended_again_under_its_id_is_kept_once_as_first_written()
    {
        string issuerId = Ids.New();
        AuditEntry entry = Entry(issuerId, Now);
        await store.Audit.AppendAsync(entry, default);
        await store.Audit.AppendAsync(entry with { At = Now.AddMinutes(5), Actor = "client-2", RequestId = "retry" }, default);

        SameEntry(entry, Assert.Single(await AllAsync(store.Audit, issuerId, null, 10)));
    }

    [StoreFact]
    public async Task From_lists_the_entries_at_or_after_that_time()
    {
        string issuerId = Ids.New();
        AuditEntry before = Entry(issuerId, Now.AddTicks(-1)), at = Entry(issuerId, Now), after = Entry(issuerId, Now.AddDays(1));
        foreach (AuditEntry entry in new[] { after, before, at }) await store.Audit.AppendAsync(entry, default);

        Assert.Equal([at.Id, after.Id], (await AllAsync(store.Audit, issuerId, Now, 1)).Select(e => e.Id));
        Assert.Equal([after.Id], (await AllAsync(store.Audit, issuerId, Now.AddTicks(1).ToOffset(TimeSpan.FromHours(-5)), 10)).Select(e => e.Id));
    }

    [StoreFact]
    public async Task An_issuer_lists_only_its_own_entries_and_those_of_no_issuer_appear_in_none()
    {
        string mine = Ids.New(), theirs = Ids.New();
        AuditEntry own = Entry(mine, Now), other = Entry(theirs, Now), administrative = Entry(null, Now, AuditActions.ClientCreated, actor: "admin");
        foreach (AuditEntry entry in new[] { own, other, administrative }) await store.Audit.AppendAsync(entry, default);

        Assert.Equal([own.Id], (await AllAsync(store.Audit, mine, null, 10)).Select(e => e.Id));
        Assert.Equal([other.Id], (await AllAsync(store.Audit, theirs, null, 10)).Select(e => e.Id));
    }

    [StoreFact]
    public async Task A_recorded_change_keeps_its_entry_only_when_its_write_took_effect()
    {
        AuditTrail audit = new(store.Audit, store.Issuers, TimeProvider.System);
        Issuer issuer = Samples.Issuer();
        AuditChange created = AuditChange.Of(issuer.Id, AuditActions.IssuerCreated, issuer.Version, ("issuerId", issuer.Id));
        AuditChange stale = AuditChange.Of(issuer.Id, AuditActions.IssuerUpdated, 7, ("issuerId", issuer.Id));

        using (AuditContext.ActAs(new AuditActor("client-9", "request-9")))
        {
            Assert.Equal(WriteOutcome.Written, await audit.RecordAsync(created, () => store.Issuers.InsertAsync(issuer, default), default));
            Assert.Equal(WriteOutcome.Conflict, await audit.RecordAsync(created with { Occurrence = "again" }, () => store.Issuers.InsertAsync(issuer, default), default));
            Assert.Equal(WriteOutcome.Conflict, await audit.RecordAsync(stale, () => store.Issuers.UpdateAsync(issuer, expectedVersion: 6, default), default));
        }

        AuditEntry entry = Assert.Single(await AllAsync(store.Audit, issuer.Id, null, 10));
        Assert.Equal((created.EntryId, AuditActions.IssuerCreated, "client-9", "request-9"), (entry.Id, entry.Action, entry.Actor, entry.RequestId));
        Assert.Equal([new KeyValuePair<string, string>("issuerId", issuer.Id)], entry.Targets);
    }
}
