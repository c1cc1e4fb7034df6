using System.Text;
using System.Text.Json.Nodes;
using BadgeIssuer.Credentials.Keys;
using BadgeIssuer.Credentials.Proofs.DataIntegrity;
using BadgeIssuer.Credentials.Status;
using BadgeIssuer.Credentials.Verification;
using Microsoft.Extensions.Time.Testing;

namespace BadgeIssuer.Credentials.Tests.Verification;

/// <summary>Documents a test serves as if this service hosted them.</summary>
internal sealed class InMemoryHostedDocuments : IHostedDocuments
{
    private readonly Dictionary<string, FetchedContent> _documents = new(StringComparer.Ordinal);

    public void Add(string url, JsonObject document) => _documents[url] = new FetchedContent(Encoding.UTF8.GetBytes(document.ToJsonString()), "application/json", null);

    public ValueTask<FetchedContent?> FindAsync(Uri url, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_documents.GetValueOrDefault(url.AbsoluteUri));
}

/// <summary>OB 3.0 §9.1 step 4: Bitstring Status List entries (revocation, suspension) and 1EdTech revocation lists.</summary>
public sealed class StatusCheckTests
{
    private const string ListUrl = "https://badges.test/status-lists/1";
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 0, 0, 0, TimeSpan.Zero);
    private readonly InMemoryTrustedKeys _trusted = new();
    private readonly InMemoryHostedDocuments _hosted = new();
    private readonly FakeTimeProvider _time = new(Now);
    private readonly CredentialVerifier _verifier;
    private readonly GeneratedKey _key;
    private readonly string _method;

    public StatusCheckTests()
    {
        _verifier = new(_trusted, _time, hosted: _hosted);
        (_key, string multibase) = TestCredentials.Ed25519();
        _method = $"{TestCredentials.IssuerId}#{multibase}";
        _trusted.Add(new TrustedKey(_method, TestCredentials.IssuerId, _key.PublicJwk, null));
    }

    private JsonObject Sign(JsonObject document) =>
        new EddsaDataIntegrity().AddProof(document, DataIntegritySuites.EddsaRdfc2022, _method, Now.AddDays(-1), _key.PrivateKey, asArray: true);

    private static JsonObject Entry(string purpose, int index, string listUrl = ListUrl) => new()
    {
        ["id"] = $"{listUrl}#{index}",
        ["type"] = "BitstringStatusListEntry",
        ["statusPurpose"] = purpose,
        ["statusListIndex"] = index.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["statusListCredential"] = listUrl,
    };

    private static JsonObject StatusList(string purpose, string issuer = TestCredentials.IssuerId, params int[] set)
    {
        byte[] bits = new byte[BitstringStatusList.MinimumEntries / 8];
        foreach (int index in set) BitstringStatusList.Write(bits, index, set: true);
        return new JsonObject
        {
            ["@context"] = new JsonArray("https://www.w3.org/ns/credentials/v2"),
            ["id"] = ListUrl,
            ["type"] = new JsonArray("VerifiableCredential", "BitstringStatusListCredential"),
            ["issuer"] = issuer,
            ["validFrom"] = "2026-01-01T00:00:00Z",
            ["credentialSubject"] = new JsonObject
            {
                ["id"] = ListUrl + "#list",
                ["type"] = "BitstringStatusList",
                ["statusPurpose"] = purpose,
                ["encodedList"] = BitstringStatusList.Encode(bits),
            },
        };
    }

    private async Task<VerificationReport> VerifyWithStatusAsync(params JsonObject[] entries)
    {
        JsonObject credential = TestCredentials.Credential();
        if (entries.Any(e => e["type"]?.GetValue<string>() == "1EdTechRevocationList"))
            credential["@context"]!.AsArray().Add("https://purl.imsglobal.org/spec/ob/v3p0/extensions.json");
        credential["credentialStatus"] = entries.Length == 1 ? entries[0] : new JsonArray([.. entries]);
        return await _verifier.VerifyJsonAsync(Sign(credential), default);
    }

    private static VerificationCheck[] StatusChecks(VerificationReport report) => [.. report.Checks.Where(c => c.Check == "status")];

    [Fact]
    public async Task A_credential_whose_revocation_bit_is_clear_is_valid()
    {
        _hosted.Add(ListUrl, Sign(StatusList("revocation", set: 41)));

        VerificationReport report = await VerifyWithStatusAsync(Entry("revocation", 42));

        Assert.True(report.Verified, string.Join("\n", report.Checks));
        Assert.Equal(VerificationCodes.NotRevoked, Assert.Single(StatusChecks(report)).Code);
    }

    [Fact]
    public async Task A_credential_whose_revocation_bit_is_set_is_invalid_and_says_revoked()
    {
        _hosted.Add(ListUrl, Sign(StatusList("revocation", set: 42)));

        VerificationReport report = await VerifyWithStatusAsync(Entry("revocation", 42));

        Assert.Equal(VerificationStatus.Invalid, report.Status);
        Assert.Equal(VerificationCodes.Revoked, Assert.Single(StatusChecks(report)).Code);
    }

    [Fact]
    public async Task A_suspended_credential_is_invalid_and_says_suspended()
    {
        const string suspensions = "https://badges.test/status-lists/2";
        JsonObject list = StatusList("suspension", set: 7);
        list["id"] = suspensions;
        _hosted.Add(suspensions, Sign(list));
        _hosted.Add(ListUrl, Sign(StatusList("revocation")));

        VerificationReport report = await VerifyWithStatusAsync(Entry("revocation", 7), Entry("suspension", 7, suspensions));

        Assert.Equal(VerificationStatus.Invalid, report.Status);
        Assert.Equal([VerificationCodes.NotRevoked, VerificationCodes.Suspended], StatusChecks(report).Select(c => c.Code));
    }

    [Fact]
    public async Task A_status_list_changed_after_signing_cannot_be_trusted()
    {
        JsonObject list = Sign(StatusList("revocation", set: 42));
        list["credentialSubject"]!["encodedList"] = StatusList("revocation")["credentialSubject"]!["encodedList"]!.DeepClone();
        _hosted.Add(ListUrl, list);

        VerificationReport report = await VerifyWithStatusAsync(Entry("revocation", 42));

        Assert.Equal(VerificationStatus.Indeterminate, report.Status);
        Assert.Equal(VerificationCodes.StatusListUnverified, Assert.Single(StatusChecks(report)).Code);
    }

    [Fact]
    public async Task A_list_is_read_again_as_soon_as_its_content_changes()
    {
        _hosted.Add(ListUrl, Sign(StatusList("revocation")));
        Assert.Equal(VerificationCodes.NotRevoked, Assert.Single(StatusChecks(await VerifyWithStatusAsync(Entry("revocation", 42)))).Code);

        _hosted.Add(ListUrl, Sign(StatusList("revocation", set: 42)));
        Assert.Equal(VerificationCodes.Revoked, Assert.Single(StatusChecks(await VerifyWithStatusAsync(Entry("revocation", 42)))).Code);

        _hosted.Add(ListUrl, Sign(StatusList("revocation")));
        Assert.Equal(VerificationCodes.NotRevoked, Assert.Single(StatusChecks(await VerifyWithStatusAsync(Entry("revocation", 42)))).Code);
    }

    [Fact]
    public async Task A_list_read_for_one_issuer_does_not_speak_for_another()
    {
        const string otherIssuer = "https://badges.test/issuers/other";
        (GeneratedKey otherKey, string otherMultibase) = TestCredentials.Ed25519();
        string otherMethod = $"{otherIssuer}#{otherMultibase}";
        _trusted.Add(new TrustedKey(otherMethod, otherIssuer, otherKey.PublicJwk, null));
        _hosted.Add(ListUrl, Sign(StatusList("revocation")));
        Assert.True((await VerifyWithStatusAsync(Entry("revocation", 42))).Verified);

        JsonObject credential = TestCredentials.Credential(otherIssuer);
        credential["credentialStatus"] = Entry("revocation", 42);
        VerificationReport report = await _verifier.VerifyJsonAsync(
            new EddsaDataIntegrity().AddProof(credential, DataIntegritySuites.EddsaRdfc2022, otherMethod, Now.AddDays(-1), otherKey.PrivateKey, asArray: true), default);

        Assert.Equal(VerificationCodes.StatusListUnverified, Assert.Single(StatusChecks(report)).Code);
        Assert.Contains("not by the credential's issuer", StatusChecks(report)[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_compromise_of_the_key_that_signed_a_list_read_before_is_seen_within_a_minute()
    {
        (GeneratedKey listKey, string listMultibase) = TestCredentials.Ed25519();
        string listMethod = $"{TestCredentials.IssuerId}#{listMultibase}";
        _trusted.Add(new TrustedKey(listMethod, TestCredentials.IssuerId, listKey.PublicJwk, null));
        _hosted.Add(ListUrl, new EddsaDataIntegrity().AddProof(StatusList("revocation"), DataIntegritySuites.EddsaRdfc2022, listMethod, Now.AddDays(-1), listKey.PrivateKey, asArray: true));
        Assert.True((await VerifyWithStatusAsync(Entry("revocation", 42))).Verified);

        _trusted.Add(new TrustedKey(listMethod, TestCredentials.IssuerId, listKey.PublicJwk, Now.AddDays(-2)));
        _time.Advance(CredentialVerifier.StatusListReuse + TimeSpan.FromSeconds(1));
        VerificationReport report = await VerifyWithStatusAsync(Entry("revocation", 42));

        Assert.Equal(VerificationStatus.Indeterminate, report.Status);
        Assert.Equal(VerificationCodes.StatusListUnverified, Assert.Single(StatusChecks(report)).Code);
    }

    [Fact]
    public async Task A_status_list_issued_by_someone_else_cannot_speak_for_the_issuer()
    {
        _hosted.Add(ListUrl, Sign(StatusList("revocation", issuer: "https://badges.test/issuers/other")));

        VerificationReport report = await VerifyWithStatusAsync(Entry("revocation", 42));

        Assert.Equal(VerificationCodes.StatusListUnverified, Assert.Single(StatusChecks(report)).Code);
        Assert.Contains("not by the credential's issuer", StatusChecks(report)[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_list_for_another_purpose_is_not_used()
    {
        _hosted.Add(ListUrl, Sign(StatusList("suspension", set: 42)));

        VerificationReport report = await VerifyWithStatusAsync(Entry("revocation", 42));

        Assert.Equal(VerificationCodes.StatusListUnverified, Assert.Single(StatusChecks(report)).Code);
    }

    [Fact]
    public async Task A_list_on_a_host_that_is_not_allowed_is_not_fetched_and_the_verdict_is_indeterminate()
    {
        VerificationReport report = await VerifyWithStatusAsync(Entry("revocation", 42, "https://elsewhere.example/lists/1"));

        Assert.Equal(VerificationStatus.Indeterminate, report.Status);
        VerificationCheck status = Assert.Single(StatusChecks(report));
        Assert.Equal(VerificationCodes.StatusUnavailable, status.Code);
        Assert.Contains("not on this verifier's list of hosts", status.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_index_fails_the_status_check()
    {
        JsonObject entry = Entry("revocation", 1);
        entry["statusListIndex"] = "-1";

        VerificationReport report = await VerifyWithStatusAsync(entry);

        Assert.Equal(VerificationCodes.StatusEntryMalformed, Assert.Single(StatusChecks(report)).Code);
    }

    [Fact]
    public async Task An_unknown_status_type_is_reported_not_ignored()
    {
        VerificationReport report = await VerifyWithStatusAsync(new JsonObject { ["id"] = "https://badges.test/s", ["type"] = "https://badges.test/vocab#CustomStatus" });

        Assert.Equal(VerificationCodes.StatusTypeUnsupported, Assert.Single(StatusChecks(report)).Code);
        Assert.Equal(VerificationStatus.Indeterminate, report.Status);
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData(true, true)]
    [InlineData(false, false)]
    public async Task A_1EdTech_revocation_list_revokes_when_it_lists_the_credential(bool? revokedFlag, bool revoked)
    {
        const string listUrl = "https://badges.test/revocations";
        JsonObject listed = new() { ["id"] = "https://badges.test/credentials/c1", ["revocationReason"] = "Issued in error" };
        if (revokedFlag is { } flag) listed["revoked"] = flag;
        _hosted.Add(listUrl, new JsonObject { ["id"] = listUrl, ["revokedCredential"] = new JsonArray(listed, new JsonObject { ["id"] = "https://badges.test/credentials/other" }) });

        VerificationReport report = await VerifyWithStatusAsync(new JsonObject { ["id"] = listUrl, ["type"] = "1EdTechRevocationList" });

        VerificationCheck status = Assert.Single(StatusChecks(report));
        Assert.Equal(revoked ? VerificationCodes.Revoked : VerificationCodes.NotRevoked, status.Code);
        if (revoked) Assert.Contains("Issued in error", status.Message, StringComparison.Ordinal);
    }
}

/// <summary>Status lists on an allow-listed host that never end or never answer: bounded, and the verdict says why.</summary>
public sealed class HostileStatusListTests
{
    /// <summary>A web where the status list streams zeros forever, or never sends a byte.</summary>
    private sealed class HostileWeb(bool answers) : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (!answers) await Task.Delay(Timeout.Infinite, cancellationToken);
            return new HttpResponseMessage(System.Net.HttpStatusCode.OK) { Content = new StreamContent(new EndlessStream()) };
        }
    }

    private sealed class EndlessStream : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => 0; set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => count;
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    [Theory]
    [InlineData(true, "larger than")]
    [InlineData(false, "did not answer")]
    public async Task A_status_list_that_never_ends_or_never_answers_leaves_the_status_indeterminate(bool answers, string reason)
    {
        // The endless list must hit the size cap, not the timeout, even on a busy machine; the silent one must time out.
        TimeSpan timeout = answers ? TimeSpan.FromSeconds(30) : TimeSpan.FromMilliseconds(200);
        RemoteDocuments remote = new(new HttpClient(new HostileWeb(answers)), new RemoteDocumentOptions { AllowedHosts = ["lists.example"], Timeout = timeout }, TimeProvider.System);
        CredentialVerifier verifier = new(new InMemoryTrustedKeys(), TimeProvider.System, remote);
        JsonObject credential = TestCredentials.Credential();
        credential["credentialStatus"] = new JsonObject
        {
            ["id"] = "https://lists.example/1#5", ["type"] = "BitstringStatusListEntry", ["statusPurpose"] = "revocation",
            ["statusListIndex"] = "5", ["statusListCredential"] = "https://lists.example/1",
        };

        VerificationReport report = await verifier.VerifyJsonAsync(credential, default);

        VerificationCheck status = report.Checks.Single(c => c.Check == "status");
        Assert.Equal(VerificationCodes.StatusUnavailable, status.Code);
        Assert.Contains(reason, status.Message, StringComparison.Ordinal);
    }
}
