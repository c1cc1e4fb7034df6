// SMTP submission (RFC 5321, RFC 6409) through MailKit: one connection per mail, TLS as BadgeIssuer:Email:UseTls says
// (implicit TLS, RFC 8314, or STARTTLS, RFC 3207), SMTP AUTH (RFC 4954) when a user name is set. What went wrong is kept
// as a short reason for the award's delivery: the kind of failure and the server's status code, never the server's
// text (it may quote the recipient's address) and never the login.
using System.Globalization;
using System.Net.Sockets;
using BadgeIssuer.Core.Mail;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace BadgeIssuer.Api.Mail;

/// <summary>Sends messages to the configured SMTP server.</summary>
public sealed class SmtpMailSender(MailOptions options)
{
    /// <summary>Sends <paramref name="message"/>; <c>null</c> when the server accepted it, else why not, in a sentence.</summary>
    public async Task<string?> SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        using CancellationTokenSource attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(options.AttemptTimeout);
        using SmtpClient client = new() { Timeout = (int)options.AttemptTimeout.TotalMilliseconds };
        try
        {
            await client.ConnectAsync(options.SmtpHost, options.SmtpPort, options.UseTls, attempt.Token);
            if (options.UserName is not null) await client.AuthenticateAsync(options.UserName, options.Password ?? "", attempt.Token);
            await client.SendAsync(message, attempt.Token);
            await client.DisconnectAsync(quit: true, attempt.Token);
            return null;
        }
        catch (SocketException ex)
        {
            return $"The SMTP server could not be reached ({ex.SocketErrorCode}).";
        }
        catch (AuthenticationException)
        {
            return "The SMTP server refused the login (BadgeIssuer:Email:UserName and Password).";
        }
        catch (SslHandshakeException)
        {
            return "The TLS handshake with the SMTP server failed (its certificate is not trusted, or BadgeIssuer:Email:UseTls does not match the port).";
        }
        catch (SmtpCommandException ex)
        {
            string status = ((int)ex.StatusCode).ToString(CultureInfo.InvariantCulture);
            return ex.ErrorCode switch
            {
                SmtpErrorCode.RecipientNotAccepted => $"The SMTP server did not accept the recipient's address ({status}).",
                SmtpErrorCode.SenderNotAccepted => $"The SMTP server did not accept the sender BadgeIssuer:Email:From ({status}).",
                SmtpErrorCode.MessageNotAccepted => $"The SMTP server did not accept the message ({status}).",
                _ => $"The SMTP server answered with an unexpected status ({status}).",
            };
        }
        catch (NotSupportedException) when (options.UseTls == SecureSocketOptions.StartTls)
        {
            return "The SMTP server does not offer STARTTLS, which BadgeIssuer:Email:UseTls StartTls requires.";
        }
        catch (NotSupportedException)
        {
            return "The SMTP server does not support what the service needs (an authentication mechanism, or TLS).";
        }
        catch (SmtpProtocolException)
        {
            return "The SMTP server broke off or did not follow the protocol.";
        }
        catch (Exception ex) when (ex is IOException or ServiceNotConnectedException)
        {
            return "The connection to the SMTP server was lost.";
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"The SMTP server did not finish within {options.AttemptTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} seconds.";
        }
    }
}
