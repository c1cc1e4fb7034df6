using BadgeIssuer.Credentials.Issuing;

namespace BadgeIssuer.Credentials.Tests.Issuing;

public sealed class IdentityHashTests
{
    // OB 3.0 §B.1 IdentityHash example: SHA-256 of "a@example.com" + salt "Kosher".
    private const string SpecExample = "sha256$b5809d8a92f8858436d7e6b87c12ebc0ae1eac4baecc2c0b913aee2c922ef399";

    [Fact]
    public void The_hash_of_the_spec_example_matches_the_spec()
    {
        Assert.Equal(SpecExample, IdentityHash.Sha256("a@example.com", "Kosher"));
    }

    [Theory]
    [InlineData(SpecExample)]
    [InlineData("sha256$B5809D8A92F8858436D7E6B87C12EBC0AE1EAC4BAECC2C0B913AEE2C922EF399")]
    public void Matching_accepts_hex_in_either_case(string hash)
    {
        Assert.True(IdentityHash.Matches(hash, "a@example.com", "Kosher"));
    }

    [Fact]
    public void Matching_supports_md5_hashes_from_other_issuers()
    {
        string md5 = "md5$" + Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData("a@example.comKosher"u8.ToArray()));
        Assert.True(IdentityHash.Matches(md5, "a@example.com", "Kosher"));
    }

    [Theory]
    [InlineData("b@example.com", "Kosher")]
    [InlineData("a@example.com", "kosher")]
    [InlineData("a@example.com", null)]
    public void Another_identity_or_salt_does_not_match(string identity, string? salt)
    {
        Assert.False(IdentityHash.Matches(SpecExample, identity, salt));
    }

    [Theory]
    [InlineData("b5809d8a92f8858436d7e6b87c12ebc0ae1eac4baecc2c0b913aee2c922ef399")]
    [InlineData("sha1$b5809d8a92f8858436d7e6b87c12ebc0ae1eac4baecc2c0b913aee2c922ef399")]
    [InlineData("sha256$")]
    public void A_hash_without_a_known_algorithm_never_matches(string hash)
    {
        Assert.False(IdentityHash.Matches(hash, "a@example.com", "Kosher"));
    }

    [Fact]
    public void Fresh_salts_differ()
    {
        Assert.NotEqual(IdentityHash.NewSalt(), IdentityHash.NewSalt());
    }
}
