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

        StatusSlot slot = (await store.StatusLists.AllocateAsync(issuerId, StatusPurposes.Revocation, 1, Now, default)).Slots.Single();

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

        StatusBlock[] blocks = await Task.WhenAll(Enumerable.Range(0, 400).Select(i =>
            Task.Run(() => store.StatusLists.AllocateAsync(issuerId, StatusPurposes.Revocation, i % 2 == 0 ? 1 : 64, Now, default))));

        Assert.Single(blocks.Select(b => b.ListId).Distinct());
        Assert.Equal(200 + 200 * 64, blocks.SelectMany(b => b.Slots).Select(s => s.Index).Distinct().Count());
    }

    [StoreFact]
    public async Task Lists_are_separate_per_issuer_and_purpose()
    {
        StatusBlock a = await store.StatusLists.AllocateAsync(Ids.New(), StatusPurposes.Revocation, 1, Now, default);
        StatusBlock b = await store.StatusLists.AllocateAsync(Ids.New(), StatusPurposes.Revocation, 1, Now, default);
        StatusBlock c = await store.StatusLists.AllocateAsync(Ids.New(), "suspension", 1, Now, default);

        Assert.Equal(3, new[] { a.ListId, b.ListId, c.ListId }.Distinct().Count());
    }

    [StoreFact]
    public async Task Bits_are_replaced_only_from_the_version_read_and_survive_a_restart()
    {
        StatusSlot slot = (await store.StatusLists.AllocateAsync(Ids.New(), StatusPurposes.Revocation, 1, Now, default)).Slots.Single();
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
        StatusSlot next = (await store.StatusLists.AllocateAsync(list.IssuerId, StatusPurposes.Revocation, 1, Now, default)).Slots.Single();
        Assert.Equal(slot.ListId, next.ListId);
        Assert.NotEqual(slot.Index, next.Index);
    }

    [StoreFact]
    public async Task The_version_alone_follows_every_write_of_the_bits()
    {
        StatusSlot slot = (await store.StatusLists.AllocateAsync(Ids.New(), StatusPurposes.Revocation, 1, Now, default)).Slots.Single();
        StatusList list = (await store.StatusLists.GetAsync(slot.ListId, default))!;
        Assert.Equal(list.Version, await store.StatusLists.VersionAsync(slot.ListId, default));

        StatusList changed = list with { Bits = new byte[list.Bits.Length], Version = list.Version + 1 };
        Assert.Equal(WriteOutcome.Written, await store.StatusLists.UpdateAsync(changed, list.Version, default));

        Assert.Equal(list.Version + 1, await store.Reopen().StatusLists.VersionAsync(slot.ListId, default));
        Assert.Null(await store.StatusLists.VersionAsync(Ids.New(), default));
    }

    [StoreFact]
    public async Task A_nearly_full_list_gives_single_entries_then_a_second_list_opens()
    {
        string issuerId = Ids.New();
        int blocks = StatusList.Entries / 4096;
        for (int i = 0; i < blocks - 1; i++) await store.StatusLists.AllocateAsync(issuerId, StatusPurposes.Revocation, 4096, Now, default);
        StatusBlock almost = await store.StatusLists.AllocateAsync(issuerId, StatusPurposes.Revocation, 4090, Now, default);

        StatusBlock single = await store.StatusLists.AllocateAsync(issuerId, StatusPurposes.Revocation, 64, Now, default);
        for (int i = 0; i < 5; i++) await store.StatusLists.AllocateAsync(issuerId, StatusPurposes.Revocation, 1, Now, default);
        StatusBlock next = await store.StatusLists.AllocateAsync(issuerId, StatusPurposes.Revocation, 64, Now, default);

        Assert.Equal((almost.ListId, 1, StatusList.Entries - 6L), (single.ListId, single.Count, single.FirstCounter));
        Assert.NotEqual(almost.ListId, next.ListId);
        Assert.Equal((0L, 64), (next.FirstCounter, next.Count));
        Assert.Equal(2, (await store.StatusLists.GetAsync(next.ListId, default))!.Number);
    }
}
