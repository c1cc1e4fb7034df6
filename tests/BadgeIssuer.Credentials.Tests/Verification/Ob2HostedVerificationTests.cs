using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using BadgeIssuer.Credentials.Issuing;
using BadgeIssuer.Credentials.Verification;
using Microsoft.Extensions.Time.Testing;

namespace BadgeIssuer.Credentials.Tests.Verification;

/// <summary>
/// Open Badges 2.0 hosted verification of another issuer's assertions on an allow-listed host (OB 2.0
/// §VerificationObject: hosted copy at the id, verification scope, revocation by 410 Gone or revoked: true).
/// </summary>
public sealed class Ob2HostedVerificationTests
{
    private const string Host = "badges.district.example";
    private const string AssertionUrl = $"https://{Host}/assertions/42";
    private const string BadgeUrl = $"https://{Host}/badges/7";
    private const string IssuerUrl = $"https://{Host}/issuer";
    private const string Salt = "s4lt";
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 25, 0, 0, 0, TimeSpan.Zero));

    /// <summary>Stands in for the other issuer's web server: fixed answers by URL.</summary>
    private sealed class OtherIssuer(Dictionary<string, (HttpStatusCode Status, string Body)> pages) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            (HttpStatusCode status, string body) = pages.TryGetValue(request.RequestUri!.AbsoluteUri, out var page) ? page : (HttpStatusCode.NotFound, "");
            return Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/ld+json") });
        }
    }

    private static JsonObject Assertion(string id = AssertionUrl, string? expires = null)
    {
        JsonObject assertion = new()
        {
            ["@context"] = "https://w3id.org/openbadges/v2",
            ["type"] = "Assertion",
            ["id"] = id,
            ["recipient"] = new JsonObject { ["type"] = "email", ["hashed"] = true, ["salt"] = Salt, ["identity"] = IdentityHash.Sha256("teacher@district.example", Salt) },
            ["badge"] = BadgeUrl,
            ["verification"] = new JsonObject { ["type"] = "HostedBadge" },
            ["issuedOn"] = "2026-09-01T00:00:00Z",
        };
        if (expires is not null) assertion["expires"] = expires;
        return assertion;
    }

    private static JsonObject Badge() => new()
    {
        ["@context"] = "https://w3id.org/openbadges/v2", ["type"] = "BadgeClass", ["id"] = BadgeUrl, ["name"] = "Digital Fluency",
        ["description"] = "d", ["image"] = "https://badges.district.example/badges/7.png", ["criteria"] = new JsonObject { ["narrative"] = "n" }, ["issuer"] = IssuerUrl,
    };

    private static JsonObject Issuer(JsonObject? verification = null)
    {
        JsonObject issuer = new() { ["@context"] = "https://w3id.org/openbadges/v2", ["type"] = "Issuer", ["id"] = IssuerUrl, ["name"] = "District PD", ["url"] = $"https://{Host}", ["email"] = "pd@district.example" };
        if (verification is not null) issuer["verification"] = verification;
        return issuer;
    }

    private Task<VerificationReport> VerifyAsync(Dictionary<string, (HttpStatusCode, string)> pages, Uri url, ExpectedRecipient? recipient = null, params string[] allowed)
    {
        RemoteDocuments remote = new(new HttpClient(new OtherIssuer(pages)), new RemoteDocumentOptions { AllowedHosts = allowed.Length == 0 ? [Host] : allowed }, _time);
        return new CredentialVerifier(NoTrustedKeys.Instance, _time, remote).VerifyUrlAsync(url, new VerifyOptions(recipient), CancellationToken.None);
    }

    private static Dictionary<string, (HttpStatusCode, string)> Site(JsonObject assertion, JsonObject? issuer = null) => new()
    {
        [AssertionUrl] = (HttpStatusCode.OK, assertion.ToJsonString()),
        [BadgeUrl] = (HttpStatusCode.OK, Badge().ToJsonString()),
        [IssuerUrl] = (HttpStatusCode.OK, (issuer ?? Issuer()).ToJsonString()),
    };

    private static string Code(VerificationReport report, string check) => report.Checks.First(c => c.Check == check).Code;

    [Fact]
    public async Task An_allow_listed_issuers_hosted_assertion_is_valid_and_reported_as_ob2()
    {
        VerificationReport report = await VerifyAsync(Site(Assertion()), new Uri(AssertionUrl), new ExpectedRecipient("Teacher@District.example", "emailAddress"));

        Assert.Equal(VerificationStatus.Valid, report.Status);
        Assert.Equal(("ob2-hosted", "Digital Fluency", IssuerUrl, "District PD"),
            (report.Credential!.Format, report.Credential.AchievementName, report.Credential.IssuerId, report.Credential.IssuerName));
        Assert.Equal(VerificationCodes.IssuerIdentityProven, Code(report, VerificationCodes.Checks.IssuerIdentity));
        Assert.Equal(VerificationCodes.RecipientMatched, Code(report, VerificationCodes.Checks.Recipient));
    }

    [Fact]
    public async Task A_host_off_the_allow_list_is_not_fetched()
    {
        VerificationReport report = await VerifyAsync(Site(Assertion()), new Uri(AssertionUrl), null, "elsewhere.example");

        Assert.Equal(VerificationStatus.Indeterminate, report.Status);
        Assert.Contains(report.Checks, c => c.Code == VerificationCodes.NotFetched);
    }

    [Fact]
    public async Task Gone_and_revoked_true_are_both_revocations_with_the_reason()
    {
        JsonObject gone = new() { ["@context"] = "https://w3id.org/openbadges/v2", ["id"] = AssertionUrl, ["revoked"] = true, ["revocationReason"] = "Plagiarised evidence" };
        Dictionary<string, (HttpStatusCode, string)> site = Site(Assertion());
        site[AssertionUrl] = (HttpStatusCode.Gone, gone.ToJsonString());
        VerificationReport byGone = await VerifyAsync(site, new Uri(AssertionUrl));
        site[AssertionUrl] = (HttpStatusCode.OK, gone.ToJsonString());
        VerificationReport byFlag = await VerifyAsync(site, new Uri(AssertionUrl));

        foreach (VerificationReport report in (VerificationReport[])[byGone, byFlag])
        {
            Assert.Equal(VerificationStatus.Invalid, report.Status);
            VerificationCheck status = report.Checks.First(c => c.Check == VerificationCodes.Checks.Status);
            Assert.Equal(VerificationCodes.Revoked, status.Code);
            Assert.Contains("Plagiarised evidence", status.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task An_assertion_outside_the_issuers_verification_scope_is_invalid()
    {
        VerificationReport defaultScope = await VerifyAsync(Site(Assertion(), Issuer()), new Uri(AssertionUrl));
        VerificationReport otherOrigin = await VerifyAsync(Site(Assertion(), Issuer(new JsonObject { ["allowedOrigins"] = "assertions.district.example" })), new Uri(AssertionUrl));
        VerificationReport prefix = await VerifyAsync(Site(Assertion(), Issuer(new JsonObject { ["startsWith"] = new JsonArray($"https://{Host}/assertions/") })), new Uri(AssertionUrl));

        Assert.Equal(VerificationStatus.Valid, defaultScope.Status);
        Assert.Equal(VerificationCodes.Ob2OutOfScope, Code(otherOrigin, VerificationCodes.Checks.IssuerIdentity));
        Assert.Equal(VerificationStatus.Invalid, otherOrigin.Status);
        Assert.Equal(VerificationStatus.Valid, prefix.Status);
    }

    [Fact]
    public async Task An_expired_assertion_and_one_served_under_another_id_are_invalid()
    {
        VerificationReport expired = await VerifyAsync(Site(Assertion(expires: "2026-10-01T00:00:00Z")), new Uri(AssertionUrl));
        VerificationReport moved = await VerifyAsync(Site(Assertion(id: $"https://{Host}/assertions/43")), new Uri(AssertionUrl));

        Assert.Equal(VerificationCodes.Expired, Code(expired, VerificationCodes.Checks.Dates));
        Assert.Equal(VerificationStatus.Invalid, expired.Status);
        Assert.NotEqual(VerificationStatus.Valid, moved.Status);
    }
}
