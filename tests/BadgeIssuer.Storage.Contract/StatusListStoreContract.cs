using BadgeIssuer.Core;
using BadgeIssuer.Core.Ports;
using BadgeIssuer.Core.Status;

namespace BadgeIssuer.Storage.Contract;

public abstract class StatusListStoreContract<TFixture>(TFixture store) : IClassFixture<TFixture> where TFixture : class, IStoreFixture
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);

    [StoreFact]
    public async Task The_first_allocation_opens_an_empty_list_of_131072_entries()
    {
        string issuerId = Ids.New();

        StatusSlot slot = await store.StatusLists.AllocateAsync(issuerId, StatusPurposes.Revocation, Now, default);

        StatusList list = (await store.StatusLists.GetAsync(slot.ListId, default))!;
        Assert.Equal((issuerId, StatusPurposes.Revocation, 1), (list.IssuerId, list.Purpose, list.Number));
        Assert.Equal(StatusList.Entries / 8, list.Bits.Length);
        Assert.All(list.Bits, b => Assert.Equal(0, b));
        Assert.InRange(slot.Index, 0, StatusList.Entries - 1);
    }

    [StoreFact]
    public async Task Concurrent_allocations_never_hand_out_one_index_twice()
    {
        string issuerId = Ids.New();

        StatusSlot[] slots = await Task.WhenAll(Enumerable.Range(0, 400).Select(_ =>
            Task.Run(() => store.StatusLists.AllocateAsync(issuerId, StatusPurposes.Revocation, Now, default))));

        Assert.Single(slots.Select(s => s.ListId).Distinct());
        Assert.Equal(400, slots.Select(s => s.Index).Distinct().Count());
    }

    [StoreFact]
    public async Task Lists_are_separate_per_issuer_and_purpose()
    {
        StatusSlot a = await store.StatusLists.AllocateAsync(Ids.New(), StatusPurposes.Revocation, Now, default);
        StatusSlot b = await store.StatusLists.AllocateAsync(Ids.New(), StatusPurposes.Revocation, Now, default);
        StatusSlot c = await store.StatusLists.AllocateAsync(Ids.New(), "suspension", Now, default);

        Assert.Equal(3, new[] { a.ListId, b.ListId, c.ListId }.Distinct().Count());
    }

    [StoreFact]
    public async Task Bits_are_replaced_only_from_the_version_read_and_survive_a_restart()
    {
        StatusSlot slot = await store.StatusLists.AllocateAsync(Ids.New(), StatusPurposes.Revocation, Now, default);
        StatusList list = (await store.StatusLists.GetAsync(slot.ListId, default))!;
        byte[] bits = (byte[])list.Bits.Clone();
        bits[3] = 0x10;
        StatusList changed = list with { Bits = bits, UpdatedAt = Now.AddHours(1), Version = list.Version + 1 };

        Assert.Equal(WriteOutcome.Written, await store.StatusLists.UpdateAsync(changed, list.Version, default));
        Assert.Equal(WriteOutcome.Conflict, await store.StatusLists.UpdateAsync(changed with { Version = list.Version + 2 }, list.Version, default));
        Assert.Equal(WriteOutcome.NotFound, await store.StatusLists.UpdateAsync(changed with { Id = Ids.New() }, 1, default));
        StatusList reread = (await store.Reopen().StatusLists.GetAsync(slot.ListId, default))!;
        Assert.Equal(bits, reread.Bits);
        Assert.Equal((Now.AddHours(1), list.Version + 1), (reread.UpdatedAt, reread.Version));
        StatusSlot next = await store.StatusLists.AllocateAsync(list.IssuerId, StatusPurposes.Revocation, Now, default);
        Assert.Equal(slot.ListId, next.ListId);
        Assert.NotEqual(slot.Index, next.Index);
    }
}
