using BadgeIssuer.Core.Configuration;

namespace BadgeIssuer.Core.Tests;

public sealed class PublicUrlsTests
{
    private static PublicUrls Urls(string baseUrl, bool didWeb) =>
        new(new BadgeIssuerOptions { PublicBaseUrl = baseUrl, Issuers = new IssuerSettings { DidWeb = didWeb } });

    [Theory]
    [InlineData("https://badges.example", "did:web:badges.example:issuers:abcdefghjkmnpqrstvwx")]
    [InlineData("https://badges.example:8443", "did:web:badges.example%3A8443:issuers:abcdefghjkmnpqrstvwx")]
    [InlineData("https://example.edu/badges/", "did:web:example.edu:badges:issuers:abcdefghjkmnpqrstvwx")]
    public void A_did_web_issuer_id_encodes_the_port_and_path_as_did_web_says(string baseUrl, string did) =>
        Assert.Equal(did, Urls(baseUrl, didWeb: true).Issuer("abcdefghjkmnpqrstvwx"));

    [Fact]
    public void Both_forms_of_a_verification_method_give_back_the_issuer_and_key()
    {
        PublicUrls urls = Urls("https://badges.example:8443", didWeb: true);
        const string issuer = "abcdefghjkmnpqrstvwx";
        const string key = "0123456789abcdefghjk";

        Assert.Equal((issuer, key), urls.VerificationMethodParts(urls.VerificationMethod(issuer, key)));
        Assert.Equal((issuer, key), urls.VerificationMethodParts(urls.VerificationMethodDocument(issuer, key)));
        Assert.Null(urls.VerificationMethodParts($"https://badges.example:8443/issuers/{issuer}/keys/{key}/more"));
        Assert.Null(urls.VerificationMethodParts($"did:web:elsewhere.example:issuers:{issuer}#{key}"));
        Assert.Equal($"https://badges.example:8443/issuers/{issuer}/keys/{key}", Urls("https://badges.example:8443", didWeb: false).VerificationMethod(issuer, key));
    }

    [Theory]
    [InlineData("abcdefghjkmnpqrstvwx", "abcdefghjkmnpqrstvwx", null)]
    [InlineData("abcdefghjkmnpqrstvwx.json", "abcdefghjkmnpqrstvwx", "json")]
    [InlineData("abcdefghjkmnpqrstvwx.exe", "abcdefghjkmnpqrstvwx", "exe")]
    [InlineData("a.b.png", "a.b", "png")]
    [InlineData("../", "../", null)]
    [InlineData(".json", ".json", null)]
    [InlineData("abc.", "abc.", null)]
    [InlineData("abc.j5on", "abc.j5on", null)]
    public void A_file_name_splits_into_id_and_extension_only_at_a_dot_followed_by_letters(string file, string id, string? extension) =>
        Assert.Equal((id, extension), PublicUrls.SplitFile(file));
}
