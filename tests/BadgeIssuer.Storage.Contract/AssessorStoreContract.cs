using BadgeIssuer.Core;
using BadgeIssuer.Core.Assessment;
using BadgeIssuer.Core.Ports;

namespace BadgeIssuer.Storage.Contract;

/// <summary>Assessors: stored once per id, replaced by version, listed per issuer by id with or without the removed ones.</summary>
public abstract class AssessorStoreContract<TFixture>(TFixture store) : IClassFixture<TFixture> where TFixture : class, IStoreFixture
{
    private static Assessor Assessor(string issuerId, string? id = null) => new(id ?? Ids.New(), issuerId, "Grace Assessor — ✓", "Grace@Assess.example", "Hillside High",
        ["literacy", "stem"], ["Riverside Elementary", "ada@school.example"], Ids.New(), Samples.Now, null, 1);

    [StoreFact]
    public async Task An_assessor_round_trips_and_a_second_insert_with_its_id_is_a_conflict()
    {
        Assessor assessor = Assessor(Ids.New());
        Assessor bare = Assessor(assessor.IssuerId) with { Organization = null, Expertise = [], Conflicts = [] };
        Assert.Equal(WriteOutcome.Written, await store.Assessors.InsertAsync(assessor, default));
        Assert.Equal(WriteOutcome.Written, await store.Assessors.InsertAsync(bare, default));
        Assert.Equal(WriteOutcome.Conflict, await store.Assessors.InsertAsync(assessor with { Name = "other" }, default));

        IStoreFixture reopened = store.Reopen();
        Same.Equal(assessor, await reopened.Assessors.GetAsync(assessor.Id, default));
        Same.Equal(bare, await reopened.Assessors.GetAsync(bare.Id, default));
        Assert.Null(await store.Assessors.GetAsync(Ids.New(), default));
    }

    [StoreFact]
    public async Task Of_two_updates_from_the_same_version_one_is_written()
    {
        Assessor assessor = Assessor(Ids.New());
        await store.Assessors.InsertAsync(assessor, default);

        WriteOutcome[] outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            store.Assessors.UpdateAsync(assessor with { RemovedAt = Samples.Now.AddMinutes(i), Version = 2 }, expectedVersion: 1, default)));

        Assert.Equal(1, outcomes.Count(o => o == WriteOutcome.Written));
        Assert.All(outcomes.Where(o => o != WriteOutcome.Written), o => Assert.Equal(WriteOutcome.Conflict, o));
        Assert.NotNull((await store.Assessors.GetAsync(assessor.Id, default))?.RemovedAt);
        Assert.Equal(WriteOutcome.NotFound, await store.Assessors.UpdateAsync(Assessor(Ids.New()), expectedVersion: 1, default));
    }

    [StoreFact]
    public async Task An_issuers_assessors_list_by_id_across_pages_with_or_without_the_removed()
    {
        string issuerId = Ids.New();
        Assessor[] assessors = [.. Enumerable.Range(0, 5).Select(_ => Assessor(issuerId))];
        foreach (Assessor assessor in assessors) await store.Assessors.InsertAsync(assessor, default);
        await store.Assessors.InsertAsync(Assessor(Ids.New()), default);
        Assessor removed = assessors[2] with { RemovedAt = Samples.Now.AddDays(1), Version = 2 };
        Assert.Equal(WriteOutcome.Written, await store.Assessors.UpdateAsync(removed, 1, default));

        List<string> all = [.. (await Same.AllPagesAsync((cursor, limit) => store.Assessors.ListAsync(issuerId, includeRemoved: true, cursor, limit, default))).Select(a => a.Id)];
        List<string> current = [.. (await Same.AllPagesAsync((cursor, limit) => store.Assessors.ListAsync(issuerId, includeRemoved: false, cursor, limit, default))).Select(a => a.Id)];

        Assert.Equal(assessors.Select(a => a.Id).Order(StringComparer.Ordinal), all);
        Assert.Equal(assessors.Where(a => a.Id != removed.Id).Select(a => a.Id).Order(StringComparer.Ordinal), current);
    }
}
