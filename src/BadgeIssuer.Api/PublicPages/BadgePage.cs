// The public page of an issued badge: what a teacher shares and an employer opens. Everything shown is read from the
// signed credential itself; the verdict is computed live. OpenGraph (ogp.me) and Twitter card meta for link
// previews; LinkedIn's "add certification" link (linkedin.com/profile/add, startTask=CERTIFICATION_NAME).
// The narratives and the description are Markdown, rendered by Markdown.ToHtml.
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using BadgeIssuer.Credentials.Proofs.Jose;
using BadgeIssuer.Credentials.Verification;
using static BadgeIssuer.Api.PublicPages.Html;
using BadgeIssuer.Credentials;

namespace BadgeIssuer.Api.PublicPages;

/// <summary>Renders the badge page of one credential.</summary>
internal static class BadgePage
{
    /// <summary>
    /// The page: <paramref name="pageUrl"/> is the credential's public URL, <paramref name="report"/> its live
    /// verification, <paramref name="qrSvg"/> the QR code of the URL (<see cref="PageCache.Qr"/>).
    /// </summary>
    public static string Render(JsonObject credential, string pageUrl, VerificationReport report, string qrSvg)
    {
        // The issuer's name is shown as fact only when the report says someone vouches for it.
        BadgeView badge = BadgeView.From(credential) with { IssuerName = IssuerLabel(report.Credential?.IssuerId, report.Credential?.IssuerName, report.Credential?.IssuerIdentity) };
        (string word, string css, string sentence) = Verdict(report);
        string title = $"{badge.AchievementName} — {badge.IssuerName}";
        string description = badge.RecipientName is null
            ? $"An Open Badge issued by {badge.IssuerName}."
            : $"{badge.RecipientName} earned this Open Badge from {badge.IssuerName}.";
        string alt = $"Badge: {badge.AchievementName}, issued by {badge.IssuerName}";
        string head = ShareHead(title, description, pageUrl, alt);
        StringBuilder main = new();
        main.Append($"""
            <article>
            <img class="badge" src="{E(pageUrl)}.svg" alt="{E(alt)}" width="192" height="192">
            <h1>{E(badge.AchievementName)}</h1>
            <div class="verdict {css}" role="status"><strong>{E(word)}</strong>{E(sentence)}</div>
            <dl class="facts">
            """);
        if (badge.RecipientName is not null) main.Append($"<dt>Awarded to</dt><dd>{E(badge.RecipientName)}</dd>");
        main.Append($"<dt>Issued by</dt><dd>{Link(badge.IssuerUrl, badge.IssuerName)}</dd>");
        main.Append($"<dt>Issued on</dt><dd>{E(Date(badge.ValidFrom))}</dd>");
        if (badge.ValidUntil is not null) main.Append($"<dt>Expires on</dt><dd>{E(Date(badge.ValidUntil))}</dd>");
        main.Append($"<dt>Credential</dt><dd><code>{E(badge.Id)}</code></dd></dl>");
        if (badge.Description is not null) main.Append($"<h2>About this badge</h2>{Markdown.ToHtml(badge.Description)}");
        if (badge.CriteriaNarrative is not null || badge.CriteriaUrl is not null)
        {
            main.Append("<h2>What it takes to earn it</h2>");
            if (badge.CriteriaNarrative is not null) main.Append(Markdown.ToHtml(badge.CriteriaNarrative));
            if (badge.CriteriaUrl is not null) main.Append($"<p>{Link(badge.CriteriaUrl, "Full criteria")}</p>");
        }
        if (badge.Narrative is not null) main.Append($"<h2>What the learner did</h2>{Markdown.ToHtml(badge.Narrative)}");
        if (badge.Evidence.Count > 0)
        {
            main.Append("<h2>Evidence</h2><ul>");
            foreach (EvidenceView evidence in badge.Evidence)
            {
                main.Append("<li>").Append(evidence.Url is null ? $"<strong>{E(evidence.Name)}</strong>" : Link(evidence.Url, evidence.Name));
                if (evidence.Description is not null) main.Append($": {E(evidence.Description)}");
                if (evidence.Narrative is not null) main.Append(Markdown.ToHtml(evidence.Narrative));
                main.Append("</li>");
            }
            main.Append("</ul>");
        }
        main.Append($"""
            <h2>Share and download</h2>
            <ul class="actions">
            <li><a href="{E(LinkedInUrl(badge, pageUrl))}" rel="noopener">Add to LinkedIn profile</a></li>
            <li><a href="{E(pageUrl)}.png" download>Badge image (PNG)</a></li>
            <li><a href="{E(pageUrl)}.svg" download>Badge image (SVG)</a></li>
            <li><a href="{E(pageUrl)}.json" download>Credential (JSON)</a></li>
            <li><a href="{E(pageUrl)}.jwt" download>Credential (JWT)</a></li>
            </ul>
            <p class="hint">The images carry the signed credential inside them: anyone can drop one on a verifier to check it.</p>
            <figure class="qr">{qrSvg}<figcaption>Scan to open this page</figcaption></figure>
            <details><summary>How this badge was checked</summary>{Checks(report)}</details>
            </article>
            """);
        return Page(title, head, main.ToString());
    }

    /// <summary>LinkedIn's add-a-certification link, filled in from the badge.</summary>
    public static string LinkedInUrl(BadgeView badge, string pageUrl)
    {
        ArgumentNullException.ThrowIfNull(badge);
        List<string> query =
        [
            "startTask=CERTIFICATION_NAME",
            "name=" + Uri.EscapeDataString(badge.AchievementName),
            "organizationName=" + Uri.EscapeDataString(badge.IssuerName),
            "certUrl=" + Uri.EscapeDataString(pageUrl),
            "certId=" + Uri.EscapeDataString(badge.Id),
        ];
        if (Parse(badge.ValidFrom) is { } from) query.AddRange([$"issueYear={from.Year}", $"issueMonth={from.Month}"]);
        if (Parse(badge.ValidUntil) is { } until) query.AddRange([$"expirationYear={until.Year}", $"expirationMonth={until.Month}"]);
        return "https://www.linkedin.com/profile/add?" + string.Join('&', query);
    }

    /// <summary>A link to a web URL (nofollow), or the text alone when the URL is none.</summary>
    internal static string Link(string? url, string text) =>
        url is not null && (url.StartsWith("https://", StringComparison.Ordinal) || url.StartsWith("http://", StringComparison.Ordinal))
            ? $"<a href=\"{E(url)}\" rel=\"nofollow noopener\">{E(text)}</a>"
            : E(text);

    /// <summary>A credential date (<c>dateTimeStamp</c> text), or <c>null</c> when it is not one.</summary>
    internal static DateTimeOffset? Parse(string? text) => text is not null && VcJwt.TryParseDateTimeZ(text, out DateTimeOffset value) ? value : null;

    /// <summary>A credential date as people read it (5 December 2026); text that is no date as it stands.</summary>
    internal static string Date(string? text) => Parse(text) is { } date ? Date(date) : text ?? "unknown";

    /// <summary>A moment as people read it, by its UTC day.</summary>
    internal static string Date(DateTimeOffset value) => value.UtcDateTime.ToString("d MMMM yyyy", CultureInfo.InvariantCulture);
}

/// <summary>One piece of evidence as the page shows it: <see cref="Description"/> is plain text, <see cref="Narrative"/> Markdown.</summary>
internal sealed record EvidenceView(string Name, string? Description, string? Narrative, string? Url);

/// <summary>What a badge page shows, read from the credential.</summary>
internal sealed record BadgeView(
    string Id, string AchievementName, string IssuerName, string? IssuerUrl, string? RecipientName, string? ValidFrom, string? ValidUntil,
    string? Description, string? CriteriaNarrative, string? CriteriaUrl, string? Narrative, string? ImageDataUri, IReadOnlyList<EvidenceView> Evidence)
{
    public static BadgeView From(JsonObject credential)
    {
        JsonObject subject = credential["credentialSubject"] as JsonObject ?? [];
        JsonObject achievement = subject["achievement"] as JsonObject ?? [];
        JsonObject issuer = credential["issuer"] as JsonObject ?? [];
        JsonObject criteria = achievement["criteria"] as JsonObject ?? [];
        string? recipientName = CredentialChecks.Identifiers(subject)
            .Where(i => JsonText.Of(i["identityType"]) == "name" && !(i["hashed"] is JsonValue h && h.TryGetValue(out bool hashed) && hashed))
            .Select(i => JsonText.Of(i["identityHash"])).FirstOrDefault(n => n is not null);
        string? image = achievement["image"] is JsonObject img ? JsonText.Of(img["id"]) : JsonText.Of(achievement["image"]);
        return new BadgeView(
            JsonText.Of(credential["id"]) ?? "",
            JsonText.Of(achievement["name"]) ?? JsonText.Of(credential["name"]) ?? "Open Badge",
            JsonText.Of(issuer["name"]) ?? VcJwt.IssuerId(credential) ?? "Unknown issuer",
            JsonText.Of(issuer["url"]) ?? VcJwt.IssuerId(credential),
            recipientName,
            JsonText.Of(credential["validFrom"]) ?? JsonText.Of(credential["issuanceDate"]),
            JsonText.Of(credential["validUntil"]) ?? JsonText.Of(credential["expirationDate"]),
            JsonText.Of(achievement["description"]),
            JsonText.Of(criteria["narrative"]),
            JsonText.Of(criteria["id"]),
            JsonText.Of(subject["narrative"]),
            image is not null && image.StartsWith("data:image/", StringComparison.Ordinal) ? image : null,
            [.. ((credential["evidence"] as JsonArray)?.OfType<JsonObject>() ?? []).Select(e => new EvidenceView(
                JsonText.Of(e["name"]) ?? JsonText.Of(e["id"]) ?? "Evidence", JsonText.Of(e["description"]), JsonText.Of(e["narrative"]), JsonText.Of(e["id"])))]);
    }
}
