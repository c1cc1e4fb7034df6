namespace BadgeIssuer.Api.Tests.Mail;

/// <summary>
/// What every mail test class owns for one test: its SMTP server and its service, disposed in the reverse order they
/// were made (the service first, so it stops sending before the server it sends to goes away).
/// </summary>
public abstract class MailTestBase : IDisposable
{
    private readonly List<IDisposable> _owned = [];

    /// <summary>Disposes what the test made, newest first.</summary>
    public void Dispose()
    {
        for (int i = _owned.Count - 1; i >= 0; i--) _owned[i].Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Keeps <paramref name="disposable"/> to dispose when the test ends, and returns it.</summary>
    protected T Own<T>(T disposable) where T : IDisposable
    {
        _owned.Add(disposable);
        return disposable;
    }
}
