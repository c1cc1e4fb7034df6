using System.Diagnostics;
using BadgeIssuer.Api.Verification;
using BadgeIssuer.Core.Diagnostics;
using BadgeIssuer.Credentials.Tests.Verification;
using BadgeIssuer.Credentials.Verification;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace BadgeIssuer.Api.Tests;

/// <summary>Issue 11: a client's disconnect and the service's shutdown stop a verification in progress.</summary>
public sealed class VerifyCancellationTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(5);
    private static readonly VerificationInput Heavy = new(HostileCredentials.Credential(10_000, 8), null, null, VerifyOptions.Default);

    [Fact]
    public async Task A_client_that_disconnects_stops_its_verification_promptly()
    {
        using ApiFactory api = Patient();
        CredentialVerifier verifier = api.Services.GetRequiredService<CredentialVerifier>();
        using CancellationTokenSource aborted = CancelSoon.After(TimeSpan.FromMilliseconds(20));
        long abortedAt = 0;
        using CancellationTokenRegistration stamp = aborted.Token.Register(() => abortedAt = Stopwatch.GetTimestamp());
        DefaultHttpContext http = new() { RequestServices = api.Services, RequestAborted = aborted.Token };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Heavy.RunAsync(verifier, http));
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
        IHostApplicationLifetime lifetime = api.Services.GetRequiredService<IHostApplicationLifetime>();
        DefaultHttpContext http = new() { RequestServices = api.Services };
        // The shutdown comes once this verification has begun (its span started on this thread, after it read what it
        // needs from the services, which the stopped application disposes), from a thread of its own: a timer or a
        // thread-pool continuation can be held back for long by a busy test run.
        int testThread = Environment.CurrentManagedThreadId;
        using ManualResetEventSlim begun = new();
        using ActivityListener listener = new()
        {
            ShouldListenTo = source => source.Name == BadgeIssuerTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStarted = activity =>
            {
                if (activity.OperationName == BadgeIssuerTelemetry.VerifySpan && Environment.CurrentManagedThreadId == testThread) begun.Set();
            },
        };
        ActivitySource.AddActivityListener(listener);
        long stoppedAt = 0;
        Thread stopper = new(() =>
        {
            begun.Wait(TimeSpan.FromMinutes(1));
            stoppedAt = Stopwatch.GetTimestamp();
            lifetime.StopApplication();
        })
        { IsBackground = true };
        stopper.Start();

        VerificationReport? report = await Heavy.RunAsync(verifier, http);
        long endedAt = Stopwatch.GetTimestamp();
        stopper.Join();

        Assert.Null(report);
        Assert.True(Stopwatch.GetElapsedTime(stoppedAt, endedAt) < Bound, $"stopped {Stopwatch.GetElapsedTime(stoppedAt, endedAt)} after the shutdown began");
    }

    /// <summary>
    /// The service with a five-minute verification deadline and no limit on canonicalization work, so only the
    /// disconnect or the shutdown can stop the heavy verification (seconds of work) before it ends in a report, however
    /// late a busy machine delivers that event; the bounds are measured from the event.
    /// </summary>
    private static ApiFactory Patient() => ApiFactory.With(
        new Dictionary<string, string>(),
        services => services.Replace(ServiceDescriptor.Singleton(new VerificationLimits { Timeout = TimeSpan.FromMinutes(5), MaxCanonicalizationSteps = long.MaxValue })));
}
