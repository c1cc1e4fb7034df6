// W3C Bitstring Status List 1.0 §3: an issuer's list of 131,072 single-bit entries for one status purpose.
namespace BadgeIssuer.Core.Status;

/// <summary>The purposes of our status lists.</summary>
public static class StatusPurposes
{
    /// <summary>A set bit means the credential is revoked, for good.</summary>
    public const string Revocation = "revocation";

    /// <summary>A set bit means the credential is suspended until the bit is cleared again.</summary>
    public const string Suspension = "suspension";
}

/// <summary>
/// One status list: <see cref="Bits"/> holds <see cref="Entries"/> bits, index 0 the most significant bit of the first
/// byte. Lists of an issuer and purpose are numbered from 1; a new one is opened when the last is fully allocated.
/// </summary>
public sealed record StatusList(string Id, string IssuerId, string Purpose, int Number, byte[] Bits, DateTimeOffset UpdatedAt, long Version)
{
    /// <summary>Entries per list: the minimum the spec allows, so one entry never singles out a holder.</summary>
    public const int Entries = 131_072;

    /// <summary>An empty list.</summary>
    public static StatusList Empty(string id, string issuerId, string purpose, int number, DateTimeOffset now) =>
        new(id, issuerId, purpose, number, new byte[Entries / 8], now, 1);

    /// <summary>
    /// The index handed out for the <paramref name="counter"/>-th allocation: an odd multiplier and an offset modulo
    /// 2^17 make a bijection, so indexes never repeat yet do not reveal the order of issuance.
    /// </summary>
    public static long IndexFor(long counter) => (counter * 92_821 + 7_919) % Entries;
}

/// <summary>An allocated entry: a list and an index in it.</summary>
public sealed record StatusSlot(string ListId, long Index);

/// <summary>Allocated counters <see cref="FirstCounter"/> .. <see cref="FirstCounter"/> + <see cref="Count"/> - 1 of a list (see <see cref="StatusList.IndexFor"/>).</summary>
public sealed record StatusBlock(string ListId, long FirstCounter, int Count)
{
    /// <summary>The slots of the block.</summary>
    public IEnumerable<StatusSlot> Slots => Enumerable.Range(0, Count).Select(i => new StatusSlot(ListId, StatusList.IndexFor(FirstCounter + i)));
}

/// <summary>The status entries credentials carry.</summary>
public static class StatusEntries
{
    /// <summary>W3C Bitstring Status List 1.0 §2.1: the credential's entry at <paramref name="slot"/> in a status list for <paramref name="purpose"/>.</summary>
    public static System.Text.Json.Nodes.JsonObject Of(Configuration.PublicUrls urls, StatusSlot slot, string purpose)
    {
        ArgumentNullException.ThrowIfNull(urls);
        ArgumentNullException.ThrowIfNull(slot);
        string list = urls.StatusList(slot.ListId);
        string index = slot.Index.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new System.Text.Json.Nodes.JsonObject
        {
            ["id"] = $"{list}#{index}",
            ["type"] = "BitstringStatusListEntry",
            ["statusPurpose"] = purpose,
            ["statusListIndex"] = index,
            ["statusListCredential"] = list,
        };
    }
}
