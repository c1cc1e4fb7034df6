using System.Diagnostics;
using System.Text.Json.Nodes;
using BadgeIssuer.LinkedData.JsonLd;
using BadgeIssuer.LinkedData.Rdf;
using BadgeIssuer.LinkedData.Rdfc;
using Microsoft.Extensions.Time.Testing;

namespace BadgeIssuer.LinkedData.Tests;

public sealed class WorkMeterTests
{
    private static JsonObject Document(int items)
    {
        JsonArray list = [];
        for (int i = 0; i < items; i++) list.Add(new JsonObject { ["http://schema.org/name"] = "same" });
        return new JsonObject { ["@id"] = "http://ex/doc", ["http://schema.org/item"] = list };
    }

    private static RdfDataset Dataset(int items) => JsonLdProcessor.ToRdf(Document(items));

    [Fact]
    public void ToRdf_charges_the_callers_meter_for_its_work()
    {
        WorkMeter meter = new(1_000_000);

        JsonLdProcessor.ToRdf(Document(50), new JsonLdOptions { Meter = meter });

        Assert.InRange(meter.Used, 150, 1_000_000);
    }

    [Fact]
    public void ToRdf_stops_with_the_limit_exception_when_the_meter_is_spent()
    {
        WorkMeter meter = new(100);

        Assert.Throws<WorkLimitExceededException>(() => JsonLdProcessor.ToRdf(Document(1_000), new JsonLdOptions { Meter = meter }));
    }

    [Fact]
    public void Canonicalization_stops_with_the_limit_exception_when_the_meter_is_spent()
    {
        RdfDataset dataset = Dataset(200);

        Assert.Throws<WorkLimitExceededException>(() => Rdfc10.Canonicalize(dataset, new Rdfc10Options { Meter = new WorkMeter(50) }));
    }

    [Fact]
    public void One_meter_bounds_several_runs_together()
    {
        RdfDataset dataset = Dataset(20);
        WorkMeter probe = new(long.MaxValue);
        Rdfc10.Canonicalize(dataset, new Rdfc10Options { Meter = probe });
        WorkMeter meter = new(probe.Used * 2 + probe.Used / 2);
        Rdfc10Options options = new() { Meter = meter };

        Rdfc10.Canonicalize(dataset, options);
        Rdfc10.Canonicalize(dataset, options);

        Assert.Throws<WorkLimitExceededException>(() => Rdfc10.Canonicalize(dataset, options));
    }

    [Fact]
    public void A_cancelled_meter_stops_expansion_and_canonicalization()
    {
        using CancellationTokenSource cancelled = new();
        cancelled.Cancel();
        WorkMeter meter = new(long.MaxValue, cancelled.Token);
        RdfDataset dataset = Dataset(10);

        Assert.Throws<OperationCanceledException>(() => JsonLdProcessor.ToRdf(Document(10), new JsonLdOptions { Meter = meter }));
        Assert.Throws<OperationCanceledException>(() => Rdfc10.Canonicalize(dataset, new Rdfc10Options { Meter = meter }));
    }

    [Fact]
    public void A_token_cancelled_during_the_work_stops_it_promptly()
    {
        using CancellationTokenSource soon = new(TimeSpan.FromMilliseconds(50));
        long cancelledAt = 0;
        using CancellationTokenRegistration stamp = soon.Token.Register(() => cancelledAt = Stopwatch.GetTimestamp());
        WorkMeter meter = new(long.MaxValue, soon.Token);
        JsonObject large = Document(20_000);

        void CanonicalizeUntilStopped()
        {
            while (true) Rdfc10.Canonicalize(JsonLdProcessor.ToRdf(large, new JsonLdOptions { Meter = meter }), new Rdfc10Options { Meter = meter });
        }

        // Measured from the cancellation, however late the timer fired it: the work stops at its next step. The token
        // reads cancelled before its callbacks run, so the work may stop before the stamp is taken; disposing the
        // registration waits for a running callback, and no stamp then means the work stopped as the token was cancelled.
        Assert.ThrowsAny<OperationCanceledException>(CanonicalizeUntilStopped);
        long stoppedAt = Stopwatch.GetTimestamp();
        stamp.Dispose();
        TimeSpan late = cancelledAt == 0 ? TimeSpan.Zero : Stopwatch.GetElapsedTime(cancelledAt, stoppedAt);
        Assert.True(late < TimeSpan.FromSeconds(5), $"stopped {late} after the cancellation");
    }

    [Fact]
    public void A_meter_past_its_deadline_stops_the_work_at_its_next_step_with_no_timer_involved()
    {
        FakeTimeProvider clock = new();
        WorkMeter meter = new(long.MaxValue, TimeSpan.FromSeconds(1), clock);
        JsonObject document = Document(10);
        JsonLdProcessor.ToRdf(document, new JsonLdOptions { Meter = meter });
        clock.Advance(TimeSpan.FromMilliseconds(999));
        JsonLdProcessor.ToRdf(document, new JsonLdOptions { Meter = meter });
        long used = meter.Used;

        clock.Advance(TimeSpan.FromMilliseconds(1));

        Assert.False(meter.CancellationToken.IsCancellationRequested);
        OperationCanceledException stopped = Assert.Throws<OperationCanceledException>(() => JsonLdProcessor.ToRdf(document, new JsonLdOptions { Meter = meter }));
        Assert.Contains("deadline of 1000 ms", stopped.Message, StringComparison.Ordinal);
        Assert.Equal(used, meter.Used);
        Assert.Throws<OperationCanceledException>(() => Rdfc10.Canonicalize(Dataset(10), new Rdfc10Options { Meter = meter }));
    }

    [Fact]
    public void A_meter_deadline_must_be_in_the_future()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new WorkMeter(1, TimeSpan.Zero, TimeProvider.System));
    }
}
