using System.Diagnostics;
using System.Text.Json.Nodes;
using BadgeIssuer.Credentials.Proofs.DataIntegrity;
using BadgeIssuer.Credentials.Verification;
using BadgeIssuer.LinkedData;
using Microsoft.Extensions.Time.Testing;

namespace BadgeIssuer.Credentials.Tests.Verification;

/// <summary>Issue 11: one budget per verification, the proof and status limits, and lengths checked before decoding.</summary>
public sealed class VerificationBudgetTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(5);

    private static CredentialVerifier Verifier(VerificationLimits? limits = null) =>
        new(NoTrustedKeys.Instance, new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 0, 0, 0, TimeSpan.Zero)), limits: limits);

    private static VerificationCheck Check(VerificationReport report, string name) => report.Checks.First(c => c.Check == name);

    private static async Task<(VerificationReport Report, TimeSpan Elapsed)> TimedAsync(CredentialVerifier verifier, JsonObject credential)
    {
        Stopwatch clock = Stopwatch.StartNew();
        VerificationReport report = await verifier.VerifyJsonAsync(credential, default);
        return (report, clock.Elapsed);
    }

    private static JsonArray StatusEntries(int count)
    {
        JsonArray entries = [];
        for (int i = 0; i < count; i++)
            entries.Add(new JsonObject
            {
                ["type"] = "BitstringStatusListEntry", ["statusPurpose"] = "revocation",
                ["statusListIndex"] = i.ToString(System.Globalization.CultureInfo.InvariantCulture), ["statusListCredential"] = $"https://lists.test/{i}",
            });
        return entries;
    }

    [Fact]
    public async Task Nine_proofs_are_too_many_and_none_of_them_is_checked()
    {
        (VerificationReport report, _) = await TimedAsync(Verifier(), HostileCredentials.Credential(10, 9));

        Assert.Equal(VerificationCodes.TooManyProofs, Check(report, "proof").Code);
        Assert.Single(report.Checks, c => c.Check == "proof");
        Assert.Equal(VerificationStatus.Indeterminate, report.Status);
    }

    [Fact]
    public async Task Eight_proofs_are_each_checked()
    {
        (VerificationReport report, _) = await TimedAsync(Verifier(), HostileCredentials.Credential(10, 8));

        Assert.Equal(8, report.Checks.Count(c => c.Check == "proof" && c.Code == VerificationCodes.SignatureMismatch));
    }

    [Fact]
    public async Task Nine_status_entries_are_too_many_and_none_of_them_is_read()
    {
        JsonObject credential = HostileCredentials.Credential(0, 1);
        credential["credentialStatus"] = StatusEntries(9);

        (VerificationReport report, _) = await TimedAsync(Verifier(new VerificationLimits { MaxDocuments = 0 }), credential);

        Assert.Equal(VerificationCodes.TooManyStatusEntries, Check(report, "status").Code);
        Assert.DoesNotContain(report.Checks, c => c.Code == VerificationCodes.VerificationBudgetExceeded);
    }

    [Fact]
    public async Task A_verification_that_runs_out_of_canonicalization_steps_says_so_and_stops()
    {
        (VerificationReport report, _) = await TimedAsync(Verifier(new VerificationLimits { MaxCanonicalizationSteps = 10_000 }), HostileCredentials.Credential(1_000, 2));

        VerificationCheck budget = Check(report, "budget");
        Assert.Equal(VerificationCodes.VerificationBudgetExceeded, budget.Code);
        Assert.Contains("10000 steps", budget.Message, StringComparison.Ordinal);
        Assert.Equal(VerificationStatus.Indeterminate, report.Status);
        Assert.Same(budget, report.Checks[^1]);
        Assert.DoesNotContain(report.Checks, c => c.Check is "proof" or "dates" or "status");
        Assert.Equal(HostileCredentials.IssuerDid, report.Credential?.IssuerId);
    }

    [Fact]
    public async Task A_verification_that_passes_its_deadline_says_so_within_the_bound()
    {
        // A deadline far shorter than canonicalizing 10,000 evidence items takes on any machine, so the deadline, not the
        // step allowance, is what stops the work.
        VerificationLimits limits = new() { Timeout = TimeSpan.FromMilliseconds(1), MaxCanonicalizationSteps = long.MaxValue };

        (VerificationReport report, _) = await TimedAsync(Verifier(limits), HostileCredentials.Credential(10_000, 1));

        // The bound is the work, not the machine's speed: the meter reads the clock at every step (WorkMeterTests), so
        // the verification stops at its first step past the deadline, before the proof is checked, however late the
        // deadline's timer fires on a busy machine.
        VerificationCheck budget = Check(report, "budget");
        Assert.Equal(VerificationCodes.VerificationBudgetExceeded, budget.Code);
        Assert.Contains("seconds", budget.Message, StringComparison.Ordinal);
        Assert.Same(budget, report.Checks[^1]);
        Assert.DoesNotContain(report.Checks, c => c.Check is "proof" or "dates" or "status");
        Assert.Equal(VerificationStatus.Indeterminate, report.Status);
    }

    [Fact]
    public async Task Documents_read_are_counted_against_the_budget()
    {
        JsonObject credential = HostileCredentials.Credential(0, 1);
        credential["credentialStatus"] = StatusEntries(2);

        (VerificationReport report, _) = await TimedAsync(Verifier(new VerificationLimits { MaxDocuments = 1 }), credential);

        Assert.Contains("more documents than the 1 allowed", Check(report, "budget").Message, StringComparison.Ordinal);
        Assert.Equal(VerificationCodes.VerificationBudgetExceeded, Check(report, "budget").Code);
    }

    [Fact]
    public async Task Decoded_bytes_are_counted_against_the_budget()
    {
        string jwt = "eyJhbGciOiJFZERTQSJ9." + new string('A', 4_000) + ".AAAA";

        VerificationReport report = await Verifier(new VerificationLimits { MaxDecodedBytes = 1_000 }).VerifyJwtAsync(jwt, default);

        Assert.Equal(VerificationCodes.VerificationBudgetExceeded, Check(report, "budget").Code);
        Assert.Contains("more bytes than the 1000 allowed", Check(report, "budget").Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_proof_value_longer_than_any_ed25519_signature_fails_before_it_is_decoded()
    {
        (VerificationReport report, TimeSpan elapsed) = await TimedAsync(Verifier(), HostileCredentials.HugeProofValue());

        Assert.Equal("invalid-proof", Check(report, "proof").Code);
        Assert.Contains("at most 89", Check(report, "proof").Message, StringComparison.Ordinal);
        Assert.Equal(VerificationStatus.Invalid, report.Status);
        Assert.True(elapsed < Bound, $"took {elapsed}");
    }

    [Fact]
    public async Task A_jwt_signature_longer_than_any_accepted_algorithm_makes_is_not_decoded()
    {
        string jwt = "eyJhbGciOiJFZERTQSJ9.eyJ2YyI6e319." + new string('A', 500_000);

        VerificationReport report = await Verifier().VerifyJwtAsync(jwt, default);

        Assert.Equal(VerificationCodes.NotAJwt, Check(report, "format").Code);
        Assert.Contains("signature", Check(report, "format").Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1,000 evidence items and 100 proofs")]
    [InlineData("5,000 proofs")]
    [InlineData("a 1.5 MB proofValue")]
    public async Task Each_hostile_case_of_issue_11_answers_within_five_seconds(string name)
    {
        JsonObject credential = name switch
        {
            "5,000 proofs" => HostileCredentials.FiveThousandProofs(),
            "a 1.5 MB proofValue" => HostileCredentials.HugeProofValue(),
            _ => HostileCredentials.ManyEvidenceManyProofs(),
        };

        (VerificationReport report, TimeSpan elapsed) = await TimedAsync(Verifier(), credential);

        Assert.NotEqual(VerificationStatus.Valid, report.Status);
        Assert.Contains(report.Checks, c => c.Code is VerificationCodes.TooManyProofs or "invalid-proof");
        Assert.True(elapsed < Bound, $"took {elapsed}");
    }

    [Fact]
    public void The_proofs_of_one_proof_set_canonicalize_the_document_once()
    {
        JsonObject credential = HostileCredentials.Credential(300, 8);
        JsonObject[] proofs = [.. credential["proof"]!.AsArray().OfType<JsonObject>()];
        EddsaDataIntegrity dataIntegrity = new();
        WorkMeter one = new(long.MaxValue);
        dataIntegrity.Verify(credential, proofs[0], new byte[32], new ProofWork(one));
        WorkMeter all = new(long.MaxValue);
        ProofWork shared = new(all);

        foreach (JsonObject proof in proofs) dataIntegrity.Verify(credential, proof, new byte[32], shared);

        Assert.True(all.Used < one.Used * 2, $"one proof: {one.Used} steps; eight: {all.Used}");
    }

    [Fact]
    public async Task A_verification_given_a_cancelled_token_stops_at_once()
    {
        using CancellationTokenSource cancelled = new();
        await cancelled.CancelAsync();
        Stopwatch clock = Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Verifier().VerifyJsonAsync(HostileCredentials.Credential(1_000, 8), cancelled.Token));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task A_verification_cancelled_while_it_runs_stops_promptly()
    {
        VerificationLimits unbounded = new() { Timeout = TimeSpan.FromMinutes(10), MaxCanonicalizationSteps = long.MaxValue };
        using CancellationTokenSource soon = CancelSoon.After(TimeSpan.FromMilliseconds(200));
        long cancelledAt = 0;
        using CancellationTokenRegistration stamp = soon.Token.Register(() => cancelledAt = Stopwatch.GetTimestamp());

        CredentialVerifier verifier = Verifier(unbounded);
        JsonObject heavy = HostileCredentials.Credential(10_000, 8);

        // Verified again and again until the cancellation stops one: however late the cancelling thread runs, it finds
        // a verification in progress.
        async Task VerifyUntilStopped()
        {
            while (true) await verifier.VerifyJsonAsync(heavy, soon.Token);
        }

        await Assert.ThrowsAnyAsync<OperationCanceledException>(VerifyUntilStopped);
        long stoppedAt = Stopwatch.GetTimestamp();

        // Measured from the cancellation, however late its timer fired: the verification stops at its next step. The
        // token reads cancelled before its callbacks run; disposing the registration waits for a running one, and no
        // stamp then means the verification stopped as the token was cancelled.
        stamp.Dispose();
        TimeSpan late = cancelledAt == 0 ? TimeSpan.Zero : Stopwatch.GetElapsedTime(cancelledAt, stoppedAt);
        Assert.True(late < Bound, $"stopped {late} after the cancellation");
    }
}
