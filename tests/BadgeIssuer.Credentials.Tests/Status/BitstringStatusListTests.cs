using System.IO.Compression;
using BadgeIssuer.Credentials.Codecs;
using BadgeIssuer.Credentials.Status;

namespace BadgeIssuer.Credentials.Tests.Status;

public sealed class BitstringStatusListTests
{
    [Fact]
    public void Index_zero_is_the_most_significant_bit_of_the_first_byte()
    {
        byte[] bits = new byte[BitstringStatusList.MinimumEntries / 8];
        BitstringStatusList.Write(bits, 0, set: true);
        BitstringStatusList.Write(bits, 9, set: true);

        Assert.Equal(0x80, bits[0]);
        Assert.Equal(0x40, bits[1]);
        Assert.Equal(1, BitstringStatusList.Read(bits, 0));
        Assert.Equal(0, BitstringStatusList.Read(bits, 1));
        Assert.Equal(1, BitstringStatusList.Read(bits, 9));
    }

    [Fact]
    public void An_encoded_list_is_multibase_base64url_of_gzip_and_decodes_to_the_same_bits()
    {
        byte[] bits = new byte[BitstringStatusList.MinimumEntries / 8];
        BitstringStatusList.Write(bits, 131_071, set: true);

        string encoded = BitstringStatusList.Encode(bits);

        Assert.StartsWith("u", encoded, StringComparison.Ordinal);
        using GZipStream gzip = new(new MemoryStream(Base64Url.Decode(encoded[1..])), CompressionMode.Decompress);
        using MemoryStream inflated = new();
        gzip.CopyTo(inflated);
        Assert.Equal(bits, inflated.ToArray());
        Assert.Equal(1, BitstringStatusList.Read(BitstringStatusList.Decode(encoded), 131_071));
    }

    [Fact]
    public void The_w3c_example_list_of_an_empty_16KB_bitstring_decodes_to_zeros()
    {
        // Bitstring Status List 1.0 §2.1, Example 2's encodedList: 131,072 entries, none set.
        byte[] bits = BitstringStatusList.Decode("uH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA");

        Assert.Equal(16_384, bits.Length);
        Assert.All(bits, b => Assert.Equal(0, b));
    }

    [Fact]
    public void A_list_that_inflates_past_the_cap_is_refused()
    {
        using MemoryStream compressed = new();
        using (GZipStream gzip = new(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            byte[] zeros = new byte[1024 * 1024];
            for (int i = 0; i < 64; i++) gzip.Write(zeros);
        }
        string bomb = "u" + Base64Url.Encode(compressed.ToArray());

        StatusListException ex = Assert.Throws<StatusListException>(() => BitstringStatusList.Decode(bomb));
        Assert.Contains("inflates to more than", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("zABC")]
    [InlineData("u!!!")]
    [InlineData("uAAAA")]
    [InlineData("")]
    public void A_malformed_encoded_list_is_refused(string encoded)
    {
        Assert.Throws<StatusListException>(() => BitstringStatusList.Decode(encoded));
    }

    [Fact]
    public void An_index_outside_the_list_is_refused()
    {
        Assert.Throws<StatusListException>(() => BitstringStatusList.Read(new byte[16], 128));
        Assert.Throws<StatusListException>(() => BitstringStatusList.Read(new byte[16], -1));
    }
}
