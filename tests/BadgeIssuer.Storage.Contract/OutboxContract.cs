using System.Collections.Concurrent;
using BadgeIssuer.Core;
using BadgeIssuer.Core.Awards;
using BadgeIssuer.Core.Outbox;
using BadgeIssuer.Core.Ports;

namespace BadgeIssuer.Storage.Contract;

/// <summary>
/// The outbox: an award's event is stored by the write that stores the award (both or neither), and it is a leased job
/// that goes to one worker at a time and, once completed, to none. Each test completes every event it stores, since a
/// claim takes the oldest pending event of the whole store.
/// </summary>
public abstract class OutboxContract<TFixture>(TFixture store) : IClassFixture<TFixture> where TFixture : class, IStoreFixture
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);

    private static (Award Award, OutboxEvent Issued) Issued(string issuerId, string? idempotencyKey = null, int minutesAgo = 0)
    {
        Award award = Samples.Award(issuerId, idempotencyKey) with { IssuedAt = Now.AddMinutes(-minutesAgo) };
        return (award, AwardEvents.Issued(award, new Recipient("sam.rivera@district.example", null, "Sam Rivera")));
    }

    [StoreFact]
    public async Task An_award_is_stored_with_its_event_which_goes_to_one_worker_and_once_completed_to_none()
    {
        (Award award, OutboxEvent issued) = Issued(Ids.New());
        Assert.Equal(AwardInsertKind.Inserted, (await store.Awards.InsertAsync(award, issued, default)).Kind);

        OutboxEvent?[] claims = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() => store.OutboxJobs.ClaimNextAsync($"w{i}", Now, Now.AddMinutes(1), default))));

        OutboxEvent claimed = Assert.Single(claims, c => c is not null)!;
        Assert.Equal((issued.Id, award.Id, issued.Type, issued.DataJson, issued.Recipient, OutboxState.Pending, Now.AddMinutes(1)),
            (claimed.Id, claimed.AwardId, claimed.Type, claimed.DataJson, claimed.Recipient, claimed.State, claimed.LeaseUntil));
        Assert.Equal(WriteOutcome.Conflict, await store.OutboxJobs.CompleteAsync(issued.Id, claimed.LeaseOwner + "-other", Now, default));
        Assert.Equal(WriteOutcome.Written, await store.OutboxJobs.CompleteAsync(issued.Id, claimed.LeaseOwner!, Now, default));
        Assert.NotEqual(WriteOutcome.Written, await store.OutboxJobs.CompleteAsync(issued.Id, claimed.LeaseOwner!, Now, default));
        Assert.Null(await store.OutboxJobs.ClaimNextAsync("w", Now.AddHours(1), Now.AddHours(2), default));
        Assert.Null(await store.Reopen().OutboxJobs.ClaimNextAsync("w", Now.AddHours(1), Now.AddHours(2), default));
        Assert.Equal(award.CredentialJson, (await store.Awards.GetAsync(award.Id, default))?.CredentialJson);
    }

    [StoreFact]
    public async Task A_write_that_stores_no_award_stores_no_event()
    {
        string issuerId = Ids.New();
        (Award award, OutboxEvent issued) = Issued(issuerId, "retry-me", minutesAgo: 2);
        await store.Awards.InsertAsync(award, issued, default);
        (Award retry, OutboxEvent retried) = Issued(issuerId, "retry-me");
        Assert.Equal(AwardInsertKind.DuplicateIdempotencyKey, (await store.Awards.InsertAsync(retry, retried, default)).Kind);
        Award revoked = award with { Revoked = new AwardRevocation(Now, "Issued in error."), Version = award.Version + 1 };
        Assert.Equal(WriteOutcome.Conflict, await store.Awards.UpdateAsync(revoked with { Version = 9 }, expectedVersion: 8, AwardEvents.Revoked(revoked), default));
        Assert.Equal(WriteOutcome.NotFound, await store.Awards.UpdateAsync(revoked with { Id = Ids.New() }, award.Version, AwardEvents.Revoked(revoked), default));

        OutboxEvent? first = await store.OutboxJobs.ClaimNextAsync("w", Now, Now.AddMinutes(1), default);

        Assert.Equal(issued.Id, first?.Id);
        Assert.Equal(WriteOutcome.Written, await store.OutboxJobs.CompleteAsync(issued.Id, "w", Now, default));
        Assert.Null(await store.OutboxJobs.ClaimNextAsync("w", Now, Now.AddMinutes(1), default));
    }

    [StoreFact]
    public async Task An_update_stores_its_event_and_keeps_the_awards_pending_ones()
    {
        (Award award, OutboxEvent issued) = Issued(Ids.New(), minutesAgo: 5);
        await store.Awards.InsertAsync(award, issued, default);
        Award suspended = award with { Suspended = new AwardSuspension(Now.AddMinutes(-1), "Under review."), Version = award.Version + 1 };
        OutboxEvent suspension = AwardEvents.SuspensionChanged(suspended, Now.AddMinutes(-1));

        Assert.Equal(WriteOutcome.Written, await store.Awards.UpdateAsync(suspended, award.Version, suspension, default));

        Assert.Equal("Under review.", (await store.Awards.GetAsync(award.Id, default))?.Suspended?.Reason);
        List<OutboxEvent> claimed = [];
        while (await store.OutboxJobs.ClaimNextAsync("w", Now, Now.AddMinutes(1), default) is { } next)
        {
            claimed.Add(next);
            Assert.Equal(WriteOutcome.Written, await store.OutboxJobs.CompleteAsync(next.Id, "w", Now, default));
        }
        Assert.Equal([(issued.Id, "award.issued"), (suspension.Id, "award.suspended")], claimed.Select(e => (e.Id, e.Type)));
        Assert.Null(claimed[1].Recipient);
    }

    [StoreFact]
    public async Task A_worker_that_dies_loses_its_event_to_another_once_the_lease_runs_out()
    {
        (Award award, OutboxEvent issued) = Issued(Ids.New());
        await store.Awards.InsertAsync(award, issued, default);

        Assert.Equal(issued.Id, (await store.OutboxJobs.ClaimNextAsync("w1", Now, Now.AddMinutes(1), default))?.Id);
        Assert.Null(await store.OutboxJobs.ClaimNextAsync("w2", Now.AddSeconds(30), Now.AddMinutes(2), default));
        Assert.Equal(WriteOutcome.Written, await store.OutboxJobs.RenewAsync(issued.Id, "w1", Now.AddMinutes(2), default));
        Assert.Null(await store.OutboxJobs.ClaimNextAsync("w2", Now.AddSeconds(90), Now.AddMinutes(3), default));
        OutboxEvent? taken = await store.OutboxJobs.ClaimNextAsync("w2", Now.AddMinutes(3), Now.AddMinutes(4), default);

        Assert.Equal((issued.Id, "w2"), (taken?.Id, taken?.LeaseOwner));
        Assert.Equal(WriteOutcome.Conflict, await store.OutboxJobs.CompleteAsync(issued.Id, "w1", Now.AddMinutes(3), default));
        Assert.Equal(WriteOutcome.Written, await store.OutboxJobs.ReleaseAsync(issued.Id, "w2", Now.AddMinutes(3), default));
        Assert.Equal(WriteOutcome.NotFound, await store.OutboxJobs.ReleaseAsync(Ids.New(), "w2", Now.AddMinutes(3), default));
        Assert.Equal(issued.Id, (await store.OutboxJobs.ClaimNextAsync("w3", Now.AddMinutes(3), Now.AddMinutes(4), default))?.Id);
        Assert.Equal(WriteOutcome.Written, await store.OutboxJobs.CompleteAsync(issued.Id, "w3", Now.AddMinutes(3), default));
    }

    [StoreFact]
    public async Task Concurrent_workers_take_every_event_exactly_once()
    {
        string issuerId = Ids.New();
        List<OutboxEvent> stored = [];
        foreach (int i in Enumerable.Range(0, 24))
        {
            (Award award, OutboxEvent issued) = Issued(issuerId, minutesAgo: i % 3);
            await store.Awards.InsertAsync(award, issued, default);
            stored.Add(issued);
        }
        ConcurrentBag<string> taken = [];

        await Task.WhenAll(Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            while (await store.OutboxJobs.ClaimNextAsync($"w{w}", Now, Now.AddMinutes(1), default) is { } next)
            {
                taken.Add(next.Id);
                Assert.Equal(WriteOutcome.Written, await store.OutboxJobs.CompleteAsync(next.Id, $"w{w}", Now, default));
            }
        })));

        Assert.Equal(stored.Select(e => e.Id).Order(StringComparer.Ordinal), taken.Order(StringComparer.Ordinal));
    }
}
