using BadgeIssuer.Core;
using BadgeIssuer.Core.Achievements;
using BadgeIssuer.Core.Keys;
using BadgeIssuer.Core.Ports;

namespace BadgeIssuer.Storage.Contract;

public abstract class KeyStoreContract<TFixture>(TFixture store) : IClassFixture<TFixture> where TFixture : class, IStoreFixture
{
    [StoreFact]
    public async Task A_sealed_key_round_trips_byte_for_byte()
    {
        SigningKey key = Samples.Key(Ids.New(), Samples.Now, KeyStatus.Compromised);
        Assert.Equal(WriteOutcome.Written, await store.Keys.InsertAsync(key, default));
        Same.Equal(key, await store.Keys.GetAsync(key.Id, default));
    }

    [StoreFact]
    public async Task An_issuers_keys_are_listed_oldest_first_and_no_others()
    {
        string issuerId = Ids.New();
        SigningKey newer = Samples.Key(issuerId, Samples.Now.AddDays(2));
        SigningKey older = Samples.Key(issuerId, Samples.Now);
        await store.Keys.InsertAsync(newer, default);
        await store.Keys.InsertAsync(older, default);
        await store.Keys.InsertAsync(Samples.Key(Ids.New(), Samples.Now), default);

        IReadOnlyList<SigningKey> keys = await store.Keys.ListByIssuerAsync(issuerId, default);

        Assert.Equal([older.Id, newer.Id], keys.Select(k => k.Id));
    }

    [StoreFact]
    public async Task A_key_status_change_uses_optimistic_concurrency()
    {
        SigningKey key = Samples.Key(Ids.New(), Samples.Now);
        await store.Keys.InsertAsync(key, default);
        SigningKey retired = key with { Status = KeyStatus.Retired, Version = 2 };
        Assert.Equal(WriteOutcome.Written, await store.Keys.UpdateAsync(retired, 1, default));
        Assert.Equal(WriteOutcome.Conflict, await store.Keys.UpdateAsync(key with { Status = KeyStatus.Compromised, Version = 2 }, 1, default));
        Same.Equal(retired, await store.Keys.GetAsync(key.Id, default));
    }

    [StoreFact]
    public async Task Listing_all_keys_pages_through_every_key()
    {
        HashSet<string> inserted = [];
        for (int i = 0; i < 3; i++)
        {
            SigningKey key = Samples.Key(Ids.New(), Samples.Now);
            inserted.Add(key.Id);
            await store.Keys.InsertAsync(key, default);
        }
        List<string> seen = [.. (await Same.AllPagesAsync<SigningKey>((cursor, limit) => store.Keys.ListAllAsync(cursor, limit, default))).Select(k => k.Id)];
        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Subset(seen.ToHashSet(), inserted);
    }
}

public abstract class AchievementStoreContract<TFixture>(TFixture store) : IClassFixture<TFixture> where TFixture : class, IStoreFixture
{
    [StoreFact]
    public async Task An_achievement_with_rules_and_rubrics_round_trips()
    {
        Achievement achievement = Samples.Achievement(Ids.New());
        Assert.Equal(WriteOutcome.Written, await store.Achievements.InsertAsync(achievement, default));
        Same.Equal(achievement, await store.Achievements.GetAsync(achievement.IssuerId, achievement.Id, default));
    }

    [StoreFact]
    public async Task An_achievement_is_invisible_to_another_issuer()
    {
        Achievement achievement = Samples.Achievement(Ids.New());
        await store.Achievements.InsertAsync(achievement, default);
        Assert.Null(await store.Achievements.GetAsync(Ids.New(), achievement.Id, default));
    }

    [StoreFact]
    public async Task An_achievements_endorsements_and_review_settings_round_trip()
    {
        Core.Endorsements.Endorsement endorsement = new("urn:uuid:" + Guid.NewGuid(), Ids.New(), DateTimeOffset.UtcNow, "{\"type\":[\"VerifiableCredential\",\"EndorsementCredential\"]}");
        Achievement achievement = Samples.Achievement(Ids.New()) with { Endorsements = [endorsement], Review = new AchievementReview(2, true, true, false) };

        await store.Achievements.InsertAsync(achievement, default);
        Achievement? read = await store.Achievements.GetAsync(achievement.IssuerId, achievement.Id, default);

        Assert.Equal([endorsement], read!.Endorsements);
        Assert.Equal(achievement.Review, read.Review);
    }

    [StoreFact]
    public async Task An_achievement_is_found_by_its_id_alone()
    {
        Achievement achievement = Samples.Achievement(Ids.New());
        await store.Achievements.InsertAsync(achievement, default);
        Same.Equal(achievement, await store.Achievements.FindAsync(achievement.Id, default));
        Assert.Null(await store.Achievements.FindAsync(Ids.New(), default));
    }

    [StoreFact]
    public async Task A_stale_achievement_update_is_a_conflict()
    {
        Achievement achievement = Samples.Achievement(Ids.New());
        await store.Achievements.InsertAsync(achievement, default);
        Assert.Equal(WriteOutcome.Written, await store.Achievements.UpdateAsync(achievement with { Name = "v2", Version = 2 }, 1, default));
        Assert.Equal(WriteOutcome.Conflict, await store.Achievements.UpdateAsync(achievement with { Name = "stale", Version = 2 }, 1, default));
        Assert.Equal(WriteOutcome.NotFound, await store.Achievements.UpdateAsync(Samples.Achievement(Ids.New()) with { Version = 2 }, 1, default));
    }

    [StoreFact]
    public async Task Listing_by_issuer_returns_only_that_issuers_achievements_page_by_page()
    {
        string issuerId = Ids.New();
        HashSet<string> mine = [];
        for (int i = 0; i < 5; i++)
        {
            Achievement a = Samples.Achievement(issuerId);
            mine.Add(a.Id);
            await store.Achievements.InsertAsync(a, default);
        }
        await store.Achievements.InsertAsync(Samples.Achievement(Ids.New()), default);
        List<string> seen = [.. (await Same.AllPagesAsync<Achievement>((cursor, limit) => store.Achievements.ListByIssuerAsync(issuerId, cursor, limit, default))).Select(a => a.Id)];
        Assert.Equal(mine.Order(StringComparer.Ordinal), seen);
    }
}
