using MailKit.Security;

namespace BadgeIssuer.Core.Mail;

/// <summary>How claim mails are sent and retried, made from the checked <c>BadgeIssuer:Email</c> section.</summary>
public sealed record MailOptions
{
    /// <summary>Whether mail is configured (<c>BadgeIssuer:Email:SmtpHost</c> set); without it nothing is queued.</summary>
    public bool Enabled { get; init; }

    /// <summary>The SMTP server's host.</summary>
    public string SmtpHost { get; init; } = "";

    /// <summary>The SMTP server's port.</summary>
    public int SmtpPort { get; init; } = 587;

    /// <summary>How the connection is secured.</summary>
    public SecureSocketOptions UseTls { get; init; } = SecureSocketOptions.StartTls;

    /// <summary>The user name to authenticate with, or <c>null</c>.</summary>
    public string? UserName { get; init; }

    /// <summary>Its password; never logged.</summary>
    public string? Password { get; init; }

    /// <summary>The sender mailbox (RFC 5322).</summary>
    public string From { get; init; } = "";

    /// <summary>Attempts of one mail before it is recorded as failed.</summary>
    public int MaxAttempts { get; init; } = 6;

    /// <summary>The wait after the first failed attempt; it doubles with every further failure, up to an hour.</summary>
    public TimeSpan FirstRetry { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Lease failures (a sender that died or hung, or failed unexpectedly) after which a mail is parked.</summary>
    public int MaxLeaseFailures { get; init; } = 5;

    /// <summary>How long a worker holds a mail it sends; a dead worker's mail is attempted again once it runs out.</summary>
    public TimeSpan Lease { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>How long one attempt (connect, TLS, login, send) may take.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(60);
}
