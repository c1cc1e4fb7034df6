// Issue 15, item 1: the claim e-mail. A multipart/alternative message (RFC 2046 §5.1.4) of plain text and HTML, the HTML
// in a multipart/related (RFC 2387) with the badge picture as an inline part the HTML names by Content-ID (cid:, RFC
// 2392). No remote images and no tracking pixels: the only link is the claim link, the only image is inside the mail.
// From, To, Subject, Date and Message-ID as RFC 5322 §3.6 asks; Auto-Submitted: auto-generated (RFC 3834 §5) so that
// auto-responders do not answer it.
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using BadgeIssuer.Api.PublicPages;
using BadgeIssuer.Core.Awards;
using BadgeIssuer.Core.Mail;
using MimeKit;
using MimeKit.Utils;

namespace BadgeIssuer.Api.Mail;

/// <summary>Writes the claim e-mail of an award.</summary>
public static class ClaimMail
{
    /// <summary>
    /// The message that tells the recipient of <paramref name="award"/> (at its <c>RecipientEmail</c>) about the badge
    /// and gives them <paramref name="claimUrl"/>, open until <paramref name="claimExpiresAt"/>.
    /// </summary>
    public static MimeMessage Compose(Award award, string claimUrl, DateTimeOffset? claimExpiresAt, MailOptions options, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(award);
        ArgumentNullException.ThrowIfNull(options);
        string to = award.RecipientEmail ?? throw new ArgumentException("The award has no e-mail recipient.", nameof(award));
        BadgeView badge = BadgeView.From(JsonNode.Parse(award.CredentialJson)!.AsObject());
        MailboxAddress from = MailboxAddress.Parse(options.From);
        string domain = from.Domain;

        MimeMessage message = new();
        message.From.Add(from);
        message.To.Add(new MailboxAddress(OneLine(badge.RecipientName), to));
        message.Subject = OneLine($"Your badge from {badge.IssuerName}: {badge.AchievementName}");
        message.Date = now;
        message.MessageId = MimeUtils.GenerateMessageId(domain);
        message.Headers.Add("Auto-Submitted", "auto-generated");

        BodyBuilder body = new();
        MimeEntity picture = body.LinkedResources.Add("badge.png", BakedImages.Picture(badge), new ContentType("image", "png"));
        picture.ContentId = MimeUtils.GenerateMessageId(domain);
        string? until = claimExpiresAt?.ToUniversalTime().ToString("d MMMM yyyy", CultureInfo.InvariantCulture);
        body.TextBody = Text(badge, claimUrl, until);
        body.HtmlBody = Html(badge, claimUrl, until, picture.ContentId);
        message.Body = body.ToMessageBody();
        return message;
    }

    private static string Text(BadgeView badge, string claimUrl, string? until)
    {
        StringBuilder text = new();
        text.Append(CultureInfo.InvariantCulture, $"Hello{(badge.RecipientName is { } name ? " " + name : "")},\n\n");
        text.Append(CultureInfo.InvariantCulture, $"{badge.IssuerName} has awarded you the badge \"{badge.AchievementName}\".\n\n");
        if (badge.Description is { } description) text.Append(description).Append("\n\n");
        text.Append(CultureInfo.InvariantCulture, $"Claim your badge here:\n{claimUrl}\n\n");
        text.Append(WhatToDo(until)).Append("\n\n");
        text.Append(Ignore).Append('\n');
        return text.ToString();
    }

    private static string Html(BadgeView badge, string claimUrl, string? until, string pictureId)
    {
        string E(string value) => WebUtility.HtmlEncode(value);
        StringBuilder html = new();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>").Append(E(badge.AchievementName)).Append("</title></head>");
        html.Append("<body style=\"font-family: system-ui, sans-serif; color: #111827; max-width: 36rem; margin: 0 auto; padding: 1rem;\">");
        html.Append(CultureInfo.InvariantCulture, $"<p>Hello{(badge.RecipientName is { } name ? " " + E(name) : "")},</p>");
        html.Append(CultureInfo.InvariantCulture, $"<p><strong>{E(badge.IssuerName)}</strong> has awarded you the badge <strong>{E(badge.AchievementName)}</strong>.</p>");
        html.Append(CultureInfo.InvariantCulture, $"<p><img src=\"cid:{E(pictureId)}\" width=\"128\" height=\"128\" alt=\"{E($"Badge: {badge.AchievementName}, issued by {badge.IssuerName}")}\"></p>");
        if (badge.Description is { } description) html.Append("<p>").Append(E(description)).Append("</p>");
        html.Append(CultureInfo.InvariantCulture, $"<p><a href=\"{E(claimUrl)}\" style=\"display: inline-block; background: #1E3A8A; color: #FFFFFF; padding: 0.6rem 1rem; border-radius: 0.3rem; text-decoration: none;\">Claim your badge</a></p>");
        html.Append(CultureInfo.InvariantCulture, $"<p>Or open this address: <a href=\"{E(claimUrl)}\">{E(claimUrl)}</a></p>");
        html.Append("<p>").Append(E(WhatToDo(until))).Append("</p>");
        html.Append("<p style=\"color: #4B5563;\">").Append(E(Ignore)).Append("</p></body></html>");
        return html.ToString();
    }

    private static string WhatToDo(string? until) =>
        "On that page you can add the badge to a wallet app (the Learner Credential Wallet, or any wallet for OpenID4VCI), download it as an image or a file, "
        + "or add it to your LinkedIn profile. The link is for you alone" + (until is null ? "." : $" and works until {until}.");

    private const string Ignore = "If you did not expect this message, you can ignore it.";

    /// <summary>A display text for a header: line breaks and other control characters become spaces.</summary>
    private static string OneLine(string? text) => new([.. (text ?? "").Select(c => char.IsControl(c) ? ' ' : c)]);
}
