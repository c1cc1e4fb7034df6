using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using MimeKit;

namespace BadgeIssuer.Api.Tests.Mail;

/// <summary>
/// A real SMTP server in its own process for the mail tests: <c>smtp_catcher.py</c> on Debian's python3-aiosmtpd, run
/// with the system Python (CI installs the package). It listens on a free loopback port and keeps every message it
/// accepts as a file, which <see cref="MessagesAsync"/> parses with MimeKit. Disposing closes its standard input, which
/// stops it, and deletes the files.
/// </summary>
public sealed class SmtpCatcher : IDisposable
{
    /// <summary>The Python the catcher runs on: Debian's, where python3-aiosmtpd installs.</summary>
    public const string SystemPython = "/usr/bin/python3";

    private readonly Process _process;
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "badgeissuer-smtp-" + Guid.NewGuid().ToString("N"));

    private SmtpCatcher(int port, string? user, string? password)
    {
        Port = port;
        ProcessStartInfo start = new(SystemPython)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in new[] { Path.Combine(AppContext.BaseDirectory, "Mail", "smtp_catcher.py"), "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--directory", _directory })
            start.ArgumentList.Add(argument);
        if (user is not null) foreach (string argument in new[] { "--user", user, "--password", password! }) start.ArgumentList.Add(argument);
        _process = Process.Start(start) ?? throw new InvalidOperationException($"{SystemPython} did not start.");
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginErrorReadLine();
        string? ready = _process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30)).GetAwaiter().GetResult();
        if (ready != $"ready {Port}")
            throw new InvalidOperationException($"The SMTP catcher did not start (is python3-aiosmtpd installed for {SystemPython}? `apt-get install python3-aiosmtpd`); it said '{ready}'.");
    }

    /// <summary>The loopback port it listens on.</summary>
    public int Port { get; }

    /// <summary>A catcher on a free port; with <paramref name="user"/> it requires SMTP AUTH with that login.</summary>
    public static SmtpCatcher Start(string? user = null, string? password = null) => new(FreePort(), user, password);

    /// <summary>A catcher on <paramref name="port"/> (one an SMTP server was down on until now).</summary>
    public static SmtpCatcher Start(int port) => new(port, null, null);

    /// <summary>
    /// A loopback port of 5600-5649 that nothing listens on (for a catcher, or for an SMTP server that is down): each
    /// call tries the next port of the range, so the tests of one run do not pick the same one.
    /// </summary>
    public static int FreePort()
    {
        for (int tries = 0; tries < PortCount; tries++)
        {
            int port = FirstPort + (int)((uint)Interlocked.Increment(ref _nextPort) % PortCount);
            try
            {
                using TcpListener probe = new(IPAddress.Loopback, port);
                probe.Start();
                return port;
            }
            catch (SocketException)
            {
                // Taken; try the next one.
            }
        }
        throw new InvalidOperationException($"No port of {FirstPort}-{FirstPort + PortCount - 1} is free on the loopback address.");
    }

    private const int FirstPort = 5600, PortCount = 50;
    private static int _nextPort = Environment.ProcessId;

    /// <summary>The service's Email settings for sending here, plain SMTP on loopback.</summary>
    public Dictionary<string, string> Settings(string? user = null, string? password = null)
    {
        Dictionary<string, string> settings = new()
        {
            ["BadgeIssuer:Email:SmtpHost"] = "127.0.0.1",
            ["BadgeIssuer:Email:SmtpPort"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["BadgeIssuer:Email:UseTls"] = "None",
            ["BadgeIssuer:Email:From"] = "\"Badge Office\" <badges@school.example>",
        };
        if (user is not null)
        {
            settings["BadgeIssuer:Email:UserName"] = user;
            settings["BadgeIssuer:Email:Password"] = password!;
        }
        return settings;
    }

    /// <summary>The messages received so far, oldest first, with their envelope recipients.</summary>
    public async Task<List<(MimeMessage Message, string[] Recipients)>> MessagesAsync()
    {
        List<(MimeMessage, string[])> messages = [];
        if (!Directory.Exists(_directory)) return messages;
        foreach (string file in Directory.GetFiles(_directory, "*.eml").OrderBy(f => int.Parse(Path.GetFileNameWithoutExtension(f), System.Globalization.CultureInfo.InvariantCulture)))
        {
            MimeMessage message = await MimeMessage.LoadAsync(file);
            messages.Add((message, await File.ReadAllLinesAsync(Path.ChangeExtension(file, ".rcpt"))));
        }
        return messages;
    }

    /// <summary>Waits (up to 30 seconds) until <paramref name="count"/> messages have arrived, and returns them.</summary>
    public async Task<List<(MimeMessage Message, string[] Recipients)>> WaitForAsync(int count)
    {
        for (DateTime deadline = DateTime.UtcNow.AddSeconds(30); ; await Task.Delay(100))
        {
            List<(MimeMessage, string[])> messages = await MessagesAsync();
            if (messages.Count >= count) return messages;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{messages.Count} of {count} messages arrived.");
        }
    }

    public void Dispose()
    {
        _process.StandardInput.Close();
        if (!_process.WaitForExit(10_000)) _process.Kill();
        _process.Dispose();
        if (Directory.Exists(_directory)) Directory.Delete(_directory, recursive: true);
    }
}
