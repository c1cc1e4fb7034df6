using BadgeIssuer.Core;
using BadgeIssuer.Core.Awards;
using BadgeIssuer.Core.Ports;

namespace BadgeIssuer.Storage.Contract;

/// <summary>Claim sessions and the award lookup by claim token: what the wallet protocols rely on in every store.</summary>
public abstract class ClaimSessionStoreContract<TFixture>(TFixture store) : IClassFixture<TFixture> where TFixture : class, IStoreFixture
{
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 9, 0, 0, TimeSpan.Zero);

    private static ClaimSession Session(string? id = null, DateTimeOffset? expiresAt = null) =>
        new(id ?? Ids.New(), "exchange", Ids.New(), "pending", "{\"challenge\":\"c-1\",\"name\":\"é ✓\"}", 0, Now, expiresAt ?? Now.AddMinutes(10), 1);

    [StoreFact]
    public async Task A_session_round_trips_and_a_second_insert_with_its_id_is_a_conflict()
    {
        ClaimSession session = Session();
        Assert.Equal(WriteOutcome.Written, await store.ClaimSessions.InsertAsync(session, default));
        Assert.Equal(WriteOutcome.Conflict, await store.ClaimSessions.InsertAsync(session with { AwardId = "other" }, default));

        ClaimSession? read = await store.Reopen().ClaimSessions.GetAsync(session.Id, default);
        Assert.NotNull(read);
        Assert.Equal((session.Id, session.Kind, session.AwardId, session.State, session.DataJson, session.Attempts, session.CreatedAt.UtcTicks, session.ExpiresAt.UtcTicks, session.Version),
            (read.Id, read.Kind, read.AwardId, read.State, read.DataJson, read.Attempts, read.CreatedAt.UtcTicks, read.ExpiresAt.UtcTicks, read.Version));
        Assert.Null(await store.ClaimSessions.GetAsync(Ids.New(), default));
    }

    [StoreFact]
    public async Task Of_two_updates_from_the_same_version_one_is_written_so_a_step_is_used_once()
    {
        ClaimSession session = Session();
        await store.ClaimSessions.InsertAsync(session, default);

        WriteOutcome[] outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            store.ClaimSessions.UpdateAsync(session with { State = $"used-{i}", Attempts = i, Version = 2 }, expectedVersion: 1, default)));

        Assert.Equal(1, outcomes.Count(o => o == WriteOutcome.Written));
        Assert.All(outcomes.Where(o => o != WriteOutcome.Written), o => Assert.Equal(WriteOutcome.Conflict, o));
        ClaimSession stored = (await store.ClaimSessions.GetAsync(session.Id, default))!;
        Assert.Equal(2, stored.Version);
        Assert.StartsWith("used-", stored.State, StringComparison.Ordinal);
        Assert.Equal(WriteOutcome.NotFound, await store.ClaimSessions.UpdateAsync(Session(), expectedVersion: 1, default));
    }

    [StoreFact]
    public async Task Expired_sessions_are_removed_and_live_ones_kept()
    {
        ClaimSession expired = Session(expiresAt: Now.AddDays(-3)), live = Session(expiresAt: Now.AddMinutes(5));
        await store.ClaimSessions.InsertAsync(expired, default);
        await store.ClaimSessions.InsertAsync(live, default);

        Assert.True(await store.ClaimSessions.RemoveExpiredAsync(Now.AddDays(-1), default) >= 1);

        Assert.Null(await store.ClaimSessions.GetAsync(expired.Id, default));
        Assert.NotNull(await store.ClaimSessions.GetAsync(live.Id, default));
    }

    [StoreFact]
    public async Task An_award_is_found_by_its_claim_token_hash_and_keeps_its_claim_holder_and_address()
    {
        string hash = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()) + Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());
        Award award = Samples.Award(Ids.New()) with { Claim = new AwardClaim(hash, Now.AddDays(14), 1, "kek-1"), RecipientEmail = "Ada@Example.org", Notify = false };
        await store.Awards.InsertAsync(award, default);
        await store.Awards.InsertAsync(Samples.Award(award.IssuerId), default);

        Award found = (await store.Reopen().Awards.FindByClaimTokenHashAsync(hash, default))!;
        Assert.Equal(award.Id, found.Id);
        Assert.Equal(award.Claim, found.Claim! with { ExpiresAt = found.Claim.ExpiresAt.ToOffset(TimeSpan.Zero) });
        Assert.Equal(("Ada@Example.org", false), (found.RecipientEmail, found.Notify));
        Assert.Null(await store.Awards.FindByClaimTokenHashAsync(new string('0', 64), default));

        Award claimed = found with
        {
            Claim = found.Claim with { Generation = 2, TokenHash = new string('a', 64) },
            Holder = new AwardHolder("did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK", Now, "vc-api"),
            CredentialJson = "{\"id\":\"x\",\"credentialSubject\":{\"id\":\"did:key:z6Mk\"}}",
            Jwt = null,
            Version = 2,
        };
        Assert.Equal(WriteOutcome.Written, await store.Awards.UpdateAsync(claimed, 1, default));

        Award read = (await store.Reopen().Awards.GetAsync(award.Id, default))!;
        Assert.Equal(claimed.Holder!.Did, read.Holder!.Did);
        Assert.Equal(("vc-api", Now.UtcTicks), (read.Holder.Via, read.Holder.ClaimedAt.UtcTicks));
        Assert.Equal(claimed.CredentialJson, read.CredentialJson);
        Assert.Null(read.Jwt);
        Assert.Null(await store.Awards.FindByClaimTokenHashAsync(hash, default));
        Assert.Equal(award.Id, (await store.Awards.FindByClaimTokenHashAsync(new string('a', 64), default))!.Id);
    }

    [StoreFact]
    public async Task An_award_stored_without_claim_fields_reads_with_no_claim_and_notify_on()
    {
        Award award = Samples.Award(Ids.New());
        await store.Awards.InsertAsync(award, default);

        Award read = (await store.Awards.GetAsync(award.Id, default))!;
        Assert.Equal((null, null, null, true), (read.Claim, read.Holder, read.RecipientEmail, read.Notify));
    }
}
