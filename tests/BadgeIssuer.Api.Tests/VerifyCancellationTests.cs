using System.Diagnostics;
using BadgeIssuer.Api.Verification;
using BadgeIssuer.Credentials.Tests.Verification;
using BadgeIssuer.Credentials.Verification;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace BadgeIssuer.Api.Tests;

/// <summary>Issue 11: a client's disconnect and the service's shutdown stop a verification in progress.</summary>
public sealed class VerifyCancellationTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(5);
    private static readonly VerificationInput Heavy = new(HostileCredentials.Credential(3_000, 8), null, null, VerifyOptions.Default);

    [Fact]
    public async Task A_client_that_disconnects_stops_its_verification_promptly()
    {
        using ApiFactory api = Patient();
        using CancellationTokenSource aborted = CancelSoon.After(TimeSpan.FromMilliseconds(20));
        long abortedAt = 0;
        using CancellationTokenRegistration stamp = aborted.Token.Register(() => abortedAt = Stopwatch.GetTimestamp());
        DefaultHttpContext http = new() { RequestServices = api.Services, RequestAborted = aborted.Token };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Heavy.RunAsync(api.Services.GetRequiredService<CredentialVerifier>(), http));
        long stoppedAt = Stopwatch.GetTimestamp();

        // The token reads cancelled before its callbacks run: no stamp after the registration is gone means the
        // verification stopped as the client left.
        stamp.Dispose();
        TimeSpan late = abortedAt == 0 ? TimeSpan.Zero : Stopwatch.GetElapsedTime(abortedAt, stoppedAt);
        Assert.True(late < Bound, $"stopped {late} after the disconnect");
    }

    [Fact]
    public async Task Shutting_down_stops_a_verification_and_leaves_no_report()
    {
        using ApiFactory api = Patient();
        CredentialVerifier verifier = api.Services.GetRequiredService<CredentialVerifier>();
        DefaultHttpContext http = new() { RequestServices = api.Services };

        Task<VerificationReport?> running = Task.Run(() => Heavy.RunAsync(verifier, http));
        // The heavy credential reaches the canonicalization step limit (a report) in about 100 ms on a quiet machine, so
        // the shutdown comes well before that; should it come before the verification even starts, that is stopped too.
        // A sleep, not Task.Delay: a timer's continuation waits for a thread-pool thread, which a busy test run can hold
        // back past those 100 ms.
        Thread.Sleep(TimeSpan.FromMilliseconds(10));
        Stopwatch sinceStop = Stopwatch.StartNew();
        api.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();

        Assert.Null(await running);
        Assert.True(sinceStop.Elapsed < Bound, $"stopped {sinceStop.Elapsed} after the shutdown began");
    }

    /// <summary>
    /// The service with the longest verification deadline it accepts, so only the disconnect or the shutdown can stop
    /// the verification, however slowly a busy machine runs it; the bounds are measured from that event.
    /// </summary>
    private static ApiFactory Patient() => ApiFactory.With(new Dictionary<string, string> { ["BadgeIssuer:Verification:TimeoutSeconds"] = "300" });
}
