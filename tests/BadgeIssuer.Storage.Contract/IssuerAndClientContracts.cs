using BadgeIssuer.Core.Clients;
using BadgeIssuer.Core.Issuers;
using BadgeIssuer.Core.Ports;

namespace BadgeIssuer.Storage.Contract;

public abstract class IssuerStoreContract<TFixture>(TFixture store) : IClassFixture<TFixture> where TFixture : class, IStoreFixture
{
    [StoreFact]
    public async Task An_issuer_round_trips_field_by_field()
    {
        Issuer issuer = Samples.Issuer();
        Assert.Equal(WriteOutcome.Written, await store.Issuers.InsertAsync(issuer, default));
        Same.Equal(issuer, await store.Issuers.GetAsync(issuer.Id, default));
    }

    [StoreFact]
    public async Task An_issuers_endorsements_and_ob2_switch_survive_an_update()
    {
        Issuer issuer = Samples.Issuer();
        await store.Issuers.InsertAsync(issuer, default);
        Core.Endorsements.Endorsement endorsement = new("urn:uuid:" + Guid.NewGuid(), Core.Ids.New(), DateTimeOffset.UtcNow, "{\"type\":[\"VerifiableCredential\",\"EndorsementCredential\"]}");
        Issuer endorsed = issuer with { Endorsements = [endorsement], Ob2Compatibility = false, Version = issuer.Version + 1 };

        Assert.Equal(WriteOutcome.Written, await store.Issuers.UpdateAsync(endorsed, issuer.Version, default));
        Issuer? read = await store.Issuers.GetAsync(issuer.Id, default);

        Assert.Equal([endorsement], read!.Endorsements);
        Assert.False(read.PublishesOb2);
    }

    [StoreFact]
    public async Task A_second_issuer_with_the_same_id_is_a_conflict()
    {
        Issuer issuer = Samples.Issuer();
        await store.Issuers.InsertAsync(issuer, default);
        Assert.Equal(WriteOutcome.Conflict, await store.Issuers.InsertAsync(issuer with { Name = "other" }, default));
        Assert.Equal(issuer.Name, (await store.Issuers.GetAsync(issuer.Id, default))!.Name);
    }

    [StoreFact]
    public async Task An_update_with_the_current_version_is_written()
    {
        Issuer issuer = Samples.Issuer();
        await store.Issuers.InsertAsync(issuer, default);
        Issuer updated = issuer with { Name = "Renamed", Version = 2 };
        Assert.Equal(WriteOutcome.Written, await store.Issuers.UpdateAsync(updated, 1, default));
        Same.Equal(updated, await store.Issuers.GetAsync(issuer.Id, default));
    }

    [StoreFact]
    public async Task An_update_with_a_stale_version_is_a_conflict_and_changes_nothing()
    {
        Issuer issuer = Samples.Issuer();
        await store.Issuers.InsertAsync(issuer, default);
        await store.Issuers.UpdateAsync(issuer with { Name = "First", Version = 2 }, 1, default);
        Assert.Equal(WriteOutcome.Conflict, await store.Issuers.UpdateAsync(issuer with { Name = "Lost update", Version = 2 }, 1, default));
        Assert.Equal("First", (await store.Issuers.GetAsync(issuer.Id, default))!.Name);
    }

    [StoreFact]
    public async Task Updating_a_missing_issuer_is_not_found()
    {
        Assert.Equal(WriteOutcome.NotFound, await store.Issuers.UpdateAsync(Samples.Issuer() with { Version = 2 }, 1, default));
    }

    [StoreFact]
    public async Task Concurrent_updates_from_one_version_let_exactly_one_win()
    {
        Issuer issuer = Samples.Issuer();
        await store.Issuers.InsertAsync(issuer, default);
        WriteOutcome[] outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            store.Issuers.UpdateAsync(issuer with { Name = $"writer {i}", Version = 2 }, 1, default)));
        Assert.Equal(1, outcomes.Count(o => o == WriteOutcome.Written));
        Assert.Equal(7, outcomes.Count(o => o == WriteOutcome.Conflict));
    }

    [StoreFact]
    public async Task Listing_visits_every_issuer_exactly_once_in_id_order()
    {
        string[] inserted = new string[5];
        for (int i = 0; i < inserted.Length; i++)
        {
            Issuer issuer = Samples.Issuer();
            inserted[i] = issuer.Id;
            await store.Issuers.InsertAsync(issuer, default);
        }
        List<string> seen = [.. (await Same.AllPagesAsync<Issuer>((cursor, limit) => store.Issuers.ListAsync(cursor, limit, default))).Select(i => i.Id)];
        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Equal(seen.Order(StringComparer.Ordinal), seen);
        Assert.Subset(seen.ToHashSet(), inserted.ToHashSet());
    }

    [StoreFact]
    public async Task Data_survives_reopening_the_store()
    {
        Issuer issuer = Samples.Issuer();
        await store.Issuers.InsertAsync(issuer, default);
        IStoreFixture reopened = store.Reopen();
        Same.Equal(issuer, await reopened.Issuers.GetAsync(issuer.Id, default));
    }

    [StoreFact]
    public async Task The_store_answers_a_ping()
    {
        Assert.True(await store.Health.PingAsync(default));
        Assert.False(string.IsNullOrEmpty(store.Health.Name));
    }
}

public abstract class ClientStoreContract<TFixture>(TFixture store) : IClassFixture<TFixture> where TFixture : class, IStoreFixture
{
    [StoreFact]
    public async Task A_client_is_found_by_the_hash_of_its_key()
    {
        ApiClient client = Samples.Client("issuer-1");
        Assert.Equal(WriteOutcome.Written, await store.Clients.InsertAsync(client, default));
        Same.Equal(client, await store.Clients.FindByKeyHashAsync(client.KeyHash, default));
        Assert.Null(await store.Clients.FindByKeyHashAsync(ApiKeys.Hash("bi_unknown"), default));
    }

    [StoreFact]
    public async Task An_administrator_client_has_no_issuer()
    {
        ApiClient admin = Samples.Client(null);
        await store.Clients.InsertAsync(admin, default);
        Assert.Null((await store.Clients.FindByKeyHashAsync(admin.KeyHash, default))!.IssuerId);
    }

    [StoreFact]
    public async Task Two_clients_cannot_share_a_key_hash()
    {
        ApiClient client = Samples.Client("issuer-1");
        await store.Clients.InsertAsync(client, default);
        Assert.Equal(WriteOutcome.Conflict, await store.Clients.InsertAsync(client with { Id = Core.Ids.New() }, default));
    }

    [StoreFact]
    public async Task A_client_with_every_lifecycle_field_round_trips_by_id_and_by_key()
    {
        ApiClient client = Samples.Client("issuer-1") with
        {
            ExpiresAt = Samples.Now.AddDays(30), PreviousKeyHash = ApiKeys.Hash(ApiKeys.New()), PreviousKeyValidUntil = Samples.Now.AddHours(1),
        };
        await store.Clients.InsertAsync(client, default);
        Same.Equal(client, await store.Clients.GetAsync(client.Id, default));
        Same.Equal(client, await store.Clients.FindByKeyHashAsync(client.PreviousKeyHash!, default));
        Assert.Null(await store.Clients.GetAsync(Core.Ids.New(), default));
    }

    [StoreFact]
    public async Task An_update_from_the_current_key_hash_replaces_the_keys_and_the_old_key_is_found_while_kept()
    {
        ApiClient client = Samples.Client("issuer-1");
        await store.Clients.InsertAsync(client, default);
        ApiClient rotated = client with { KeyHash = ApiKeys.Hash(ApiKeys.New()), PreviousKeyHash = client.KeyHash, PreviousKeyValidUntil = Samples.Now.AddMinutes(5) };
        Assert.Equal(WriteOutcome.Written, await store.Clients.UpdateAsync(rotated, client.KeyHash, default));
        Same.Equal(rotated, await store.Clients.FindByKeyHashAsync(rotated.KeyHash, default));
        Same.Equal(rotated, await store.Clients.FindByKeyHashAsync(client.KeyHash, default));

        ApiClient again = rotated with { KeyHash = ApiKeys.Hash(ApiKeys.New()), PreviousKeyHash = null, PreviousKeyValidUntil = null };
        Assert.Equal(WriteOutcome.Written, await store.Clients.UpdateAsync(again, rotated.KeyHash, default));
        Assert.Null(await store.Clients.FindByKeyHashAsync(client.KeyHash, default));
        Assert.Null(await store.Clients.FindByKeyHashAsync(rotated.KeyHash, default));
        Same.Equal(again, await store.Clients.GetAsync(client.Id, default));
    }

    [StoreFact]
    public async Task An_update_from_a_stale_key_hash_is_a_conflict_and_a_missing_client_is_not_found()
    {
        ApiClient client = Samples.Client("issuer-1");
        await store.Clients.InsertAsync(client, default);
        Assert.Equal(WriteOutcome.Conflict, await store.Clients.UpdateAsync(client with { RevokedAt = Samples.Now }, ApiKeys.Hash("bi_stale"), default));
        Assert.Null((await store.Clients.GetAsync(client.Id, default))!.RevokedAt);
        Assert.Equal(WriteOutcome.NotFound, await store.Clients.UpdateAsync(Samples.Client(null), ApiKeys.Hash("bi_any"), default));
    }

    [StoreFact]
    public async Task Concurrent_rotations_from_one_key_let_exactly_one_win()
    {
        ApiClient client = Samples.Client("issuer-1");
        await store.Clients.InsertAsync(client, default);
        WriteOutcome[] outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            store.Clients.UpdateAsync(client with { KeyHash = ApiKeys.Hash(ApiKeys.New()) }, client.KeyHash, default)));
        Assert.Equal(1, outcomes.Count(o => o == WriteOutcome.Written));
        Assert.Equal(7, outcomes.Count(o => o == WriteOutcome.Conflict));
    }

    [StoreFact]
    public async Task A_use_is_recorded_only_over_the_value_the_caller_saw_and_an_update_keeps_it()
    {
        ApiClient client = Samples.Client("issuer-1");
        await store.Clients.InsertAsync(client, default);
        bool[] written = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => store.Clients.RecordUseAsync(client.Id, null, Samples.Now.AddSeconds(i), default)));
        Assert.Equal(1, written.Count(w => w));
        DateTimeOffset? recorded = (await store.Clients.GetAsync(client.Id, default))!.LastUsedAt;
        Assert.NotNull(recorded);
        Assert.False(await store.Clients.RecordUseAsync(client.Id, null, Samples.Now.AddMinutes(2), default));
        Assert.True(await store.Clients.RecordUseAsync(client.Id, recorded, Samples.Now.AddMinutes(2), default));

        Assert.Equal(WriteOutcome.Written, await store.Clients.UpdateAsync(client with { RevokedAt = Samples.Now.AddMinutes(3) }, client.KeyHash, default));
        ApiClient stored = (await store.Clients.GetAsync(client.Id, default))!;
        Assert.Equal(Samples.Now.AddMinutes(2), stored.LastUsedAt);
        Assert.Equal(Samples.Now.AddMinutes(3), stored.RevokedAt);
    }

    [StoreFact]
    public async Task Listing_by_issuer_visits_that_issuers_clients_exactly_once_in_id_order()
    {
        string issuerId = Core.Ids.New();
        HashSet<string> inserted = [];
        for (int i = 0; i < 5; i++)
        {
            ApiClient client = Samples.Client(issuerId);
            inserted.Add(client.Id);
            await store.Clients.InsertAsync(client, default);
        }
        ApiClient other = Samples.Client(Core.Ids.New());
        await store.Clients.InsertAsync(other, default);

        List<string> seen = [.. (await Same.AllPagesAsync<ApiClient>((cursor, limit) => store.Clients.ListAsync(issuerId, cursor, limit, default))).Select(c => c.Id)];
        Assert.Equal(seen.Order(StringComparer.Ordinal), seen);
        Assert.Equal(inserted, seen.ToHashSet());
        List<string> all = [.. (await Same.AllPagesAsync<ApiClient>((cursor, limit) => store.Clients.ListAsync(null, cursor, limit, default))).Select(c => c.Id)];
        Assert.Equal(all.Count, all.Distinct().Count());
        Assert.Superset(inserted.Append(other.Id).ToHashSet(), all.ToHashSet());
    }
}
