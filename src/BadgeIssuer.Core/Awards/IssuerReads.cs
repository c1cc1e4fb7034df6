using BadgeIssuer.Core.Achievements;
using BadgeIssuer.Core.Issuers;
using BadgeIssuer.Core.Keys;
using BadgeIssuer.Core.Ports;
using BadgeIssuer.Credentials.Proofs.DataIntegrity;

namespace BadgeIssuer.Core.Awards;

/// <summary>
/// What issuing awards of one issuer reads from the store: the issuer, its achievements and its current Data Integrity
/// key, each read at most once per instance and shared by the awards issued with it.
/// A single award gets its own instance; a batch gets one per group of entries, so an edit, a key rotation or a
/// compromise made while a batch runs takes effect from its next group on. Nothing is kept beyond the instance.
/// Safe to use from several threads.
/// </summary>
public sealed class IssuerReads
{
    private const int PageSize = 100;

    private readonly Lazy<Task<Issuer?>> _issuer;
    private readonly Lazy<Task<IReadOnlyList<Achievement>>> _achievements;
    private readonly Lazy<Task<DataIntegritySigningKey?>> _dataIntegrityKey;

    /// <summary>Reads of <paramref name="issuerId"/>, made when first asked for, with <paramref name="cancellationToken"/>.</summary>
    public IssuerReads(string issuerId, IIssuerStore issuers, IAchievementStore achievements, IssuerKeyService keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(issuerId);
        ArgumentNullException.ThrowIfNull(issuers);
        ArgumentNullException.ThrowIfNull(achievements);
        ArgumentNullException.ThrowIfNull(keys);
        IssuerId = issuerId;
        _issuer = new(() => issuers.GetAsync(issuerId, cancellationToken));
        _achievements = new(() => AllAchievementsAsync(achievements, issuerId, cancellationToken));
        _dataIntegrityKey = new(() => keys.GetDataIntegrityKeyAsync(issuerId, cancellationToken));
    }

    /// <summary>The issuer these reads are of.</summary>
    public string IssuerId { get; }

    /// <summary>The issuer, or <c>null</c> when it does not exist.</summary>
    public Task<Issuer?> IssuerAsync() => _issuer.Value;

    /// <summary>Every achievement of the issuer, ordered by id.</summary>
    public Task<IReadOnlyList<Achievement>> AchievementsAsync() => _achievements.Value;

    /// <summary>The issuer's achievement <paramref name="achievementId"/>, or <c>null</c> when it has none by that id.</summary>
    public async Task<Achievement?> AchievementAsync(string achievementId) =>
        (await _achievements.Value).FirstOrDefault(a => string.Equals(a.Id, achievementId, StringComparison.Ordinal));

    /// <summary>The issuer's current Data Integrity key, or <c>null</c> when it has none.</summary>
    public Task<DataIntegritySigningKey?> DataIntegrityKeyAsync() => _dataIntegrityKey.Value;

    private static async Task<IReadOnlyList<Achievement>> AllAchievementsAsync(IAchievementStore store, string issuerId, CancellationToken cancellationToken) =>
        await Page<Achievement>.AllAsync(cursor => store.ListByIssuerAsync(issuerId, cursor, PageSize, cancellationToken));
}
