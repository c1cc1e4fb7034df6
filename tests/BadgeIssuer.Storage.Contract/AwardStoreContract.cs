using BadgeIssuer.Core;
using BadgeIssuer.Core.Awards;
using BadgeIssuer.Core.Ports;

namespace BadgeIssuer.Storage.Contract;

public abstract class AwardStoreContract<TFixture>(TFixture store) : IClassFixture<TFixture> where TFixture : class, IStoreFixture
{
    [StoreFact]
    public async Task An_award_round_trips_field_by_field()
    {
        Award award = Samples.Award(Ids.New(), "key-1");
        Assert.Equal(AwardInsertKind.Inserted, (await store.Awards.InsertAsync(award, default)).Kind);
        Same.Equal(award, await store.Awards.GetAsync(award.Id, default));
        Same.Equal(award, await store.Awards.FindByIdempotencyKeyAsync(award.IssuerId, "key-1", default));
    }

    [StoreFact]
    public async Task An_awards_head_follows_its_version_and_a_missing_award_has_none()
    {
        Award award = Samples.Award(Ids.New());
        await store.Awards.InsertAsync(award, default);
        Assert.Equal(new AwardHead(award.Id, award.IssuerId, award.Version), await store.Awards.GetHeadAsync(award.Id, default));

        Assert.Equal(WriteOutcome.Written, await store.Awards.UpdateAsync(award with { Version = award.Version + 1 }, award.Version, default));
        Assert.Equal(award.Version + 1, (await store.Awards.GetHeadAsync(award.Id, default))!.Version);
        Assert.Null(await store.Awards.GetHeadAsync(Ids.New(), default));
    }

    [StoreFact]
    public async Task The_standings_of_several_awards_are_read_together_and_a_missing_award_has_none()
    {
        string issuerId = Ids.New();
        Award current = Samples.Award(issuerId) with { ValidUntil = null };
        Award revoked = Samples.Award(issuerId) with { Revoked = new AwardRevocation(Samples.Now.AddDays(2), "Issued in error.", "award-9") };
        Award suspended = Samples.Award(issuerId) with { Suspended = new AwardSuspension(Samples.Now.AddDays(3), "Under review.") };
        foreach (Award award in new[] { current, revoked, suspended })
            Assert.Equal(AwardInsertKind.Inserted, (await store.Awards.InsertAsync(award, default)).Kind);

        IReadOnlyList<AwardStanding> standings = await store.Awards.GetStandingsAsync([suspended.Id, Ids.New(), current.Id, revoked.Id], default);

        Assert.Equal(new[] { current.Standing, revoked.Standing, suspended.Standing }.OrderBy(s => s.Id, StringComparer.Ordinal), standings.OrderBy(s => s.Id, StringComparer.Ordinal));
        Assert.Empty(await store.Awards.GetStandingsAsync([], default));
    }

    [StoreFact]
    public async Task A_duplicate_award_id_is_refused()
    {
        Award award = Samples.Award(Ids.New());
        await store.Awards.InsertAsync(award, default);
        AwardInsertOutcome again = await store.Awards.InsertAsync(award with { CredentialId = "https://badges.test/credentials/other" }, default);
        Assert.Equal(AwardInsertKind.DuplicateId, again.Kind);
    }

    [StoreFact]
    public async Task A_duplicate_credential_id_is_refused()
    {
        Award award = Samples.Award(Ids.New());
        await store.Awards.InsertAsync(award, default);
        AwardInsertOutcome again = await store.Awards.InsertAsync(award with { Id = Ids.New() }, default);
        Assert.Equal(AwardInsertKind.DuplicateId, again.Kind);
    }

    [StoreFact]
    public async Task A_reused_idempotency_key_returns_the_existing_award()
    {
        string issuerId = Ids.New();
        Award first = Samples.Award(issuerId, "retry-me");
        await store.Awards.InsertAsync(first, default);

        AwardInsertOutcome second = await store.Awards.InsertAsync(Samples.Award(issuerId, "retry-me"), default);

        Assert.Equal(AwardInsertKind.DuplicateIdempotencyKey, second.Kind);
        Same.Equal(first, second.Existing);
    }

    [StoreFact]
    public async Task The_same_idempotency_key_is_independent_per_issuer()
    {
        Assert.Equal(AwardInsertKind.Inserted, (await store.Awards.InsertAsync(Samples.Award(Ids.New(), "shared"), default)).Kind);
        Assert.Equal(AwardInsertKind.Inserted, (await store.Awards.InsertAsync(Samples.Award(Ids.New(), "shared"), default)).Kind);
    }

    [StoreFact]
    public async Task Awards_without_an_idempotency_key_never_collide()
    {
        string issuerId = Ids.New();
        Assert.Equal(AwardInsertKind.Inserted, (await store.Awards.InsertAsync(Samples.Award(issuerId), default)).Kind);
        Assert.Equal(AwardInsertKind.Inserted, (await store.Awards.InsertAsync(Samples.Award(issuerId), default)).Kind);
    }

    [StoreFact]
    public async Task Concurrent_inserts_with_one_idempotency_key_store_exactly_one_award()
    {
        string issuerId = Ids.New();
        AwardInsertOutcome[] outcomes = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => store.Awards.InsertAsync(Samples.Award(issuerId, "race"), default)));

        Assert.Equal(1, outcomes.Count(o => o.Kind == AwardInsertKind.Inserted));
        Assert.Equal(15, outcomes.Count(o => o.Kind == AwardInsertKind.DuplicateIdempotencyKey));
        Award? stored = await store.Awards.FindByIdempotencyKeyAsync(issuerId, "race", default);
        Assert.All(outcomes.Where(o => o.Existing is not null), o => Assert.Equal(stored!.Id, o.Existing!.Id));
        Assert.Single((await store.Awards.FindAsync(new AwardQuery(issuerId), null, 100, default)).Items);
    }

    [StoreFact]
    public async Task Listing_by_issuer_pages_through_that_issuers_awards_only()
    {
        string issuerId = Ids.New();
        HashSet<string> mine = [];
        for (int i = 0; i < 5; i++)
        {
            Award a = Samples.Award(issuerId);
            mine.Add(a.Id);
            await store.Awards.InsertAsync(a, default);
        }
        await store.Awards.InsertAsync(Samples.Award(Ids.New()), default);
        List<string> seen = [.. (await Same.AllPagesAsync<Award>((cursor, limit) => store.Awards.FindAsync(new AwardQuery(issuerId), cursor, limit, default))).Select(a => a.Id)];
        Assert.Equal(mine.Order(StringComparer.Ordinal), seen);
    }

    [StoreFact]
    public async Task Listing_filters_by_achievement_recipient_and_time_window_oldest_first_across_pages()
    {
        string issuerId = Ids.New();
        string achievement = Ids.New();
        DateTimeOffset t0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        List<Award> all = [];
        for (int i = 0; i < 12; i++)
        {
            Award a = Samples.Award(issuerId) with
            {
                AchievementId = i % 2 == 0 ? achievement : Ids.New(),
                RecipientKey = i % 3 == 0 ? "teacher-a" : "teacher-b",
                IssuedAt = t0.AddDays(i / 2),
            };
            all.Add(a);
            await store.Awards.InsertAsync(a, default);
        }
        async Task<List<string>> ListAsync(AwardQuery query) =>
            [.. (await Same.AllPagesAsync<Award>((cursor, limit) => store.Awards.FindAsync(query, cursor, limit, default), limit: 2)).Select(a => a.Id)];
        static List<string> Expected(IEnumerable<Award> awards) =>
            [.. awards.OrderBy(a => a.IssuedAt).ThenBy(a => a.Id, StringComparer.Ordinal).Select(a => a.Id)];

        Assert.Equal(Expected(all), await ListAsync(new AwardQuery(issuerId)));
        Assert.Equal(Expected(all.Where(a => a.AchievementId == achievement)), await ListAsync(new AwardQuery(issuerId, AchievementId: achievement)));
        Assert.Equal(Expected(all.Where(a => a.RecipientKey == "teacher-a")), await ListAsync(new AwardQuery(issuerId, RecipientKey: "teacher-a")));
        Assert.Equal(Expected(all.Where(a => a.IssuedAt >= t0.AddDays(2) && a.IssuedAt < t0.AddDays(4))),
            await ListAsync(new AwardQuery(issuerId, IssuedFrom: t0.AddDays(2), IssuedUntil: t0.AddDays(4))));
        Assert.Empty(await ListAsync(new AwardQuery(Ids.New())));
    }

    [StoreFact]
    public async Task An_award_survives_reopening_the_store()
    {
        Award award = Samples.Award(Ids.New(), "durable");
        await store.Awards.InsertAsync(award, default);
        Same.Equal(award, await store.Reopen().Awards.GetAsync(award.Id, default));
    }

    [StoreFact]
    public async Task A_revocation_is_stored_only_over_the_version_read_and_round_trips()
    {
        Award award = Samples.Award(Ids.New()) with { RevocationSlot = new BadgeIssuer.Core.Status.StatusSlot(Ids.New(), 4242) };
        await store.Awards.InsertAsync(award, default);
        Award revoked = award with { Revoked = new AwardRevocation(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero), "Issued in error.", Ids.New()), Version = award.Version + 1 };

        Assert.Equal(WriteOutcome.Written, await store.Awards.UpdateAsync(revoked, award.Version, default));
        Assert.Equal(WriteOutcome.Conflict, await store.Awards.UpdateAsync(revoked with { Version = revoked.Version + 1 }, award.Version, default));
        Assert.Equal(WriteOutcome.NotFound, await store.Awards.UpdateAsync(revoked with { Id = Ids.New() }, 1, default));
        Same.Equal(revoked, await store.Reopen().Awards.GetAsync(award.Id, default));
    }

    [StoreFact]
    public async Task A_suspension_round_trips_and_is_lifted_again()
    {
        Award award = Samples.Award(Ids.New()) with { SuspensionSlot = new BadgeIssuer.Core.Status.StatusSlot(Ids.New(), 77) };
        await store.Awards.InsertAsync(award, default);
        Award suspended = award with { Suspended = new AwardSuspension(new DateTimeOffset(2026, 12, 2, 9, 30, 0, TimeSpan.Zero), "Under review."), Version = award.Version + 1 };
        Award lifted = suspended with { Suspended = null, Version = suspended.Version + 1 };

        Assert.Equal(WriteOutcome.Written, await store.Awards.UpdateAsync(suspended, award.Version, default));
        Same.Equal(suspended, await store.Reopen().Awards.GetAsync(award.Id, default));
        Assert.Equal(WriteOutcome.Written, await store.Awards.UpdateAsync(lifted, suspended.Version, default));
        Same.Equal(lifted, await store.Reopen().Awards.GetAsync(award.Id, default));
    }
}
