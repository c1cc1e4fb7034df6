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
}
