namespace BadgeIssuer.Credentials.Tests.Verification;

/// <summary>
/// A token cancelled after a delay by a thread of its own. <c>new CancellationTokenSource(delay)</c> is cancelled by a
/// timer whose callback waits for a thread-pool thread, and a test run that keeps every pool thread busy can hold it back
/// for seconds: a test that cancels work "while it runs" then sees the work finish first.
/// </summary>
internal static class CancelSoon
{
    public static CancellationTokenSource After(TimeSpan delay)
    {
        CancellationTokenSource source = new();
        Thread canceller = new(() =>
        {
            Thread.Sleep(delay);
            try
            {
                source.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The test ended first.
            }
        })
        { IsBackground = true, Name = "CancelSoon" };
        canceller.Start();
        return source;
    }
}
