using System.Text;
using System.Text.Json.Nodes;
using BadgeIssuer.Credentials.Codecs;
using BadgeIssuer.Credentials.Verification;
using Microsoft.Extensions.Time.Testing;

namespace BadgeIssuer.Credentials.Tests.Verification;

/// <summary>The eight VC-JWT examples of the OB 3.0 specification, signed by 1EdTech's tooling with throw-away keys.</summary>
public sealed class SpecExampleTests
{
    private readonly CredentialVerifier _verifier = new(new InMemoryTrustedKeys(), new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 0, 0, 0, TimeSpan.Zero)));

    public static TheoryData<string> Examples()
    {
        TheoryData<string> data = [];
        foreach (string file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Vendor", "ob3-examples"), "*.jwt").Order(StringComparer.Ordinal))
            data.Add(Path.GetFileName(file));
        return data;
    }

    private static string Read(string file) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Vendor", "ob3-examples", file)).Trim();

    [Fact]
    public void All_eight_spec_examples_are_vendored()
    {
        Assert.Equal(8, Examples().Count);
    }

    [Theory, MemberData(nameof(Examples))]
    public async Task A_spec_example_has_a_valid_signature_but_its_key_cannot_be_tied_to_its_issuer(string file)
    {
        VerificationReport report = await _verifier.VerifyJwtAsync(Read(file), default);

        VerificationCheck signature = report.Checks.Single(c => c.Check == "signature");
        Assert.True(signature.Status == CheckStatus.Passed, signature.Message);
        Assert.Equal(VerificationCodes.KeyProvenanceUnverified, report.Checks.Single(c => c.Check == "key-provenance").Code);
        Assert.Equal(VerificationStatus.Indeterminate, report.Status);
        Assert.DoesNotContain(report.Checks, c => c.Status == CheckStatus.Failed);
    }

    [Theory, MemberData(nameof(Examples))]
    public async Task A_spec_example_with_one_changed_value_fails_the_signature(string file)
    {
        string[] parts = Read(file).Split('.');
        JsonObject payload = JsonNode.Parse(Base64Url.Decode(parts[1]))!.AsObject();
        payload["name"] = (payload["name"]?.GetValue<string>() ?? "") + " (forged)";
        string tampered = $"{parts[0]}.{Base64Url.Encode(Encoding.UTF8.GetBytes(payload.ToJsonString()))}.{parts[2]}";

        VerificationReport report = await _verifier.VerifyJwtAsync(tampered, default);

        Assert.Equal(VerificationCodes.SignatureMismatch, report.Checks.Single(c => c.Check == "signature").Code);
        Assert.Equal(VerificationStatus.Invalid, report.Status);
    }
}
