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

    /// <summary>
    /// The spans of requests that matched one of <paramref name="routes"/> (route templates), once each route has one.
    /// A request's span stops when the server has finished with it, which can be just after the client has read the
    /// answer, so this waits for them (a few seconds at most; then it returns what there is and the test says what is missing).
    /// </summary>
    public async Task<Activity[]> OfAsync(params string[] routes)
    {
        for (int attempt = 0; attempt < 100 && !routes.All(r => _stopped.Any(a => a.GetTagItem("http.route") is string route && route == r)); attempt++)
            await Task.Delay(50);
        return [.. _stopped.Where(a => a.GetTagItem("http.route") is string route && routes.Contains(route, StringComparer.Ordinal))];
    }

    /// <summary>Whether any tag or name of any span recorded holds one of <paramref name="secrets"/>.</summary>
    public bool Mention(params string[] secrets) =>
        _stopped.Any(a => secrets.Any(s => a.DisplayName.Contains(s, StringComparison.Ordinal)
            || a.TagObjects.Any(tag => tag.Value?.ToString()?.Contains(s, StringComparison.Ordinal) == true)));

    public void Dispose() => _listener.Dispose();
}
