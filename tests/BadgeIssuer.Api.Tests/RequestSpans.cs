using System.Collections.Concurrent;
using System.Diagnostics;

namespace BadgeIssuer.Api.Tests;

/// <summary>
/// Records the ASP.NET Core request spans of every service in the process while it lives (an <see cref="ActivityListener"/>
/// is process-wide: test classes that run at the same time add theirs too).
/// </summary>
internal sealed class RequestSpans : IDisposable
{
    private readonly ConcurrentBag<Activity> _stopped = [];
    private readonly ActivityListener _listener;

    public RequestSpans()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _stopped.Add,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>Every span recorded so far.</summary>
    public IReadOnlyCollection<Activity> All => _stopped;

    /// <summary>The spans of requests that matched one of <paramref name="routes"/> (route templates).</summary>
    public Activity[] Of(params string[] routes) => [.. _stopped.Where(a => a.GetTagItem("http.route") is string route && routes.Contains(route, StringComparer.Ordinal))];

    /// <summary>Whether any tag or name of any span recorded holds one of <paramref name="secrets"/>.</summary>
    public bool Mention(params string[] secrets) =>
        _stopped.Any(a => secrets.Any(s => a.DisplayName.Contains(s, StringComparison.Ordinal)
            || a.TagObjects.Any(tag => tag.Value?.ToString()?.Contains(s, StringComparison.Ordinal) == true)));

    public void Dispose() => _listener.Dispose();
}
