using System.Net;
using BadgeIssuer.Core.Webhooks;

namespace BadgeIssuer.Core.Tests;

public sealed class WebhookAddressTests
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("10.0.0.5")]
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.255")]
    [InlineData("192.168.1.1")]
    [InlineData("169.254.169.254")]
    [InlineData("100.64.0.1")]
    [InlineData("0.0.0.0")]
    [InlineData("224.0.0.1")]
    [InlineData("::1")]
    [InlineData("fe80::1")]
    [InlineData("fd00::1")]
    [InlineData("::ffff:10.0.0.1")]
    [InlineData("::")]
    public void Private_loopback_link_local_and_special_addresses_are_not_public(string address)
    {
        Assert.False(WebhookAddresses.IsPublic(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("93.184.215.14")]
    [InlineData("172.32.0.1")]
    [InlineData("8.8.8.8")]
    [InlineData("2606:4700:4700::1111")]
    [InlineData("::ffff:93.184.215.14")]
    public void Internet_addresses_are_public(string address)
    {
        Assert.True(WebhookAddresses.IsPublic(IPAddress.Parse(address)));
    }

    [Fact]
    public void A_signature_is_hmac_sha256_over_the_timestamp_and_the_body()
    {
        byte[] secret = [1, 2, 3, 4];

        string header = WebhookDispatcher.Sign(secret, 1_764_061_200, """{"type":"award.issued"}""");

        Assert.Equal("t=1764061200,v1=" + Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(secret,
            System.Text.Encoding.UTF8.GetBytes("""1764061200.{"type":"award.issued"}"""))), header);
    }
}
