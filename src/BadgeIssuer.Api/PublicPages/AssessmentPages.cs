// Issue 16: what the teacher page (/submit/{token}) and the review page (/review/{token}) share. Both are opened by a
// secret link (AssessmentLinks), so like the claim page they are never cached or indexed and their routes are not traced
// with the path. Their forms are posted without script; a post is accepted only with the form token its page rendered:
// an HMAC-SHA256 (RFC 2104) of the page's link and a random nonce under a key derived from the key ring the links come
// from, so a page elsewhere cannot make one. A browser's Fetch metadata (Sec-Fetch-Site, W3C Fetch Metadata Request
// Headers §2.1) or Origin (RFC 6454 §7; "null" under the pages' Referrer-Policy no-referrer, Fetch §3.2.5) that names
// another site is refused before anything is read.
using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using BadgeIssuer.Core.Achievements;
using BadgeIssuer.Core.Assessment;
using BadgeIssuer.Core.Configuration;
using BadgeIssuer.Core.Keys;
using static BadgeIssuer.Api.PublicPages.Html;

namespace BadgeIssuer.Api.PublicPages;

/// <summary>The form tokens of the teacher and review pages, and the parts of a submission both pages show.</summary>
public sealed class AssessmentPages(KeyEncryption keys, BadgeIssuerOptions options, PublicUrls urls)
{
    /// <summary>The names of the hidden fields that carry the form token.</summary>
    internal const string NonceField = "form-nonce", TokenField = "form-token";

    private const string FormPurpose = "assessment-page-form";
    private readonly string _origin = new Uri(options.BaseUrl).GetLeftPart(UriPartial.Authority);

    /// <summary>The hidden inputs of a form on the page of <paramref name="link"/> (a teacher or review link of <paramref name="submission"/>).</summary>
    internal string FormToken(Submission submission, string link)
    {
        string nonce = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));
        return $"""<input type="hidden" name="{NonceField}" value="{nonce}"><input type="hidden" name="{TokenField}" value="{E(Mac(submission, link, nonce))}">""";
    }

    /// <summary>True when <paramref name="form"/> carries a form token its page rendered for <paramref name="link"/>.</summary>
    internal bool Accepts(Submission submission, string link, IFormCollection form)
    {
        string? nonce = form[NonceField], token = form[TokenField];
        if (nonce is not { Length: 22 } || token is not { Length: 43 } || !Base64Url.IsValid(nonce)) return false;
        string? expected = Mac(submission, link, nonce);
        return expected is not null && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(token));
    }

    /// <summary>True when the browser says the post comes from another site (Sec-Fetch-Site, or an Origin that is not this service's).</summary>
    internal bool CrossSite(HttpRequest request)
    {
        string? site = request.Headers["Sec-Fetch-Site"];
        if (site is "cross-site" or "same-site") return true;
        string? origin = request.Headers.Origin;
        return origin is not null && origin != "null" && !string.Equals(origin, _origin, StringComparison.OrdinalIgnoreCase)
            && !string.Equals(origin, $"{request.Scheme}://{request.Host}", StringComparison.OrdinalIgnoreCase);
    }

    private string? Mac(Submission submission, string link, string nonce) =>
        keys.DeriveKey(submission.LinkKeyId, FormPurpose) is { } key
            ? Base64Url.EncodeToString(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{link}\n{nonce}")))
            : null;

    /// <summary>The largest evidence file, as the page says it.</summary>
    internal string MaxFileSize => Size(options.Assessment.MaxFileBytes);

    /// <summary>The settings the forms are bounded by.</summary>
    internal AssessmentSettings Settings => options.Assessment;

    /// <summary>A byte count as people read it (2.4 MB, 4.9 KB, 54 bytes).</summary>
    internal static string Size(long bytes) => bytes >= 1024 * 1024
        ? (bytes / (1024.0 * 1024.0)).ToString("0.#", CultureInfo.InvariantCulture) + " MB"
        : bytes >= 1024 ? (bytes / 1024.0).ToString("0.#", CultureInfo.InvariantCulture) + " KB"
        : bytes.ToString(CultureInfo.InvariantCulture) + (bytes == 1 ? " byte" : " bytes");

    /// <summary>A round's evidence as a list: files as links to their public address, URLs as links, narratives as Markdown.</summary>
    internal string Evidence(IReadOnlyList<SubmissionEvidence> evidence)
    {
        if (evidence.Count == 0) return "<p>No evidence.</p>";
        StringBuilder html = new("<ul class=\"evidence\">");
        foreach (SubmissionEvidence item in evidence)
        {
            html.Append("<li>");
            if (item.FileId is { } fileId)
            {
                string details = string.Join(", ", new[] { item.ContentType, item.Length is { } length ? Size(length) : null }.Where(d => d is not null));
                html.Append($"<a href=\"{E(urls.EvidenceFile(fileId))}\">{E(item.Name ?? "Uploaded file")}</a>");
                if (details.Length > 0) html.Append($" <span class=\"hint\">({E(details)})</span>");
            }
            else if (item.Url is { } url)
            {
                html.Append(IsWebUrl(url) ? $"<a href=\"{E(url)}\" rel=\"nofollow noopener\">{E(item.Name ?? url)}</a>" : E(item.Name ?? url));
            }
            else if (item.Name is { } name) html.Append($"<strong>{E(name)}</strong>");
            if (item.Narrative is { } narrative) html.Append(Markdown.ToHtml(narrative));
            html.Append("</li>");
        }
        return html.Append("</ul>").ToString();
    }

    /// <summary>The teacher's answers, one per rubric criterion answered, under the criterion's name.</summary>
    internal static string Responses(Achievement achievement, IReadOnlyList<CriterionResponse> responses)
    {
        if (responses.Count == 0) return "";
        StringBuilder html = new("<dl class=\"answers\">");
        foreach (CriterionResponse response in responses)
            html.Append($"<dt>{E(CriterionName(achievement, response.ResultDescription))}</dt><dd>{Markdown.ToHtml(response.Text)}</dd>");
        return html.Append("</dl>").ToString();
    }

    /// <summary>The rubric: each criterion with its levels (lowest first) and what each level means.</summary>
    internal static string Rubric(Achievement achievement)
    {
        if (achievement.ResultDescriptions.Count == 0) return "";
        StringBuilder html = new("<h2>The rubric</h2>");
        foreach (ResultDescription description in achievement.ResultDescriptions)
        {
            html.Append($"<h3>{E(description.Name)}</h3>");
            if (description.RubricCriterionLevels.Count > 0)
            {
                html.Append("<dl class=\"levels\">");
                foreach (RubricCriterionLevel level in description.RubricCriterionLevels)
                    html.Append($"<dt>{E(level.Name)}</dt><dd>{E(level.Description ?? "")}</dd>");
                html.Append("</dl>");
            }
            else html.Append($"<p class=\"hint\">{E(ValueHint(description))}</p>");
        }
        return html.ToString();
    }

    /// <summary>What a criterion without levels takes: a value in its range or one of its allowed values.</summary>
    internal static string ValueHint(ResultDescription description) => description switch
    {
        { AllowedValues.Count: > 0 } => $"One of: {string.Join(", ", description.AllowedValues)}.",
        { ValueMin: { } min, ValueMax: { } max } => $"A value from {min} to {max}.",
        { ValueMin: { } min } => $"A value of at least {min}.",
        { ValueMax: { } max } => $"A value of at most {max}.",
        _ => "A value.",
    };

    /// <summary>The name of the rubric criterion <paramref name="key"/>, or the key when the achievement no longer has it.</summary>
    internal static string CriterionName(Achievement achievement, string key) =>
        achievement.ResultDescriptions.FirstOrDefault(d => string.Equals(d.Key, key, StringComparison.Ordinal))?.Name ?? key;

    /// <summary>The level or value a review gave a criterion, in words.</summary>
    internal static string Given(Achievement achievement, ReviewResult result)
    {
        ResultDescription? description = achievement.ResultDescriptions.FirstOrDefault(d => string.Equals(d.Key, result.ResultDescription, StringComparison.Ordinal));
        return result.AchievedLevel is { } level
            ? description?.RubricCriterionLevels.FirstOrDefault(l => string.Equals(l.Key, level, StringComparison.Ordinal))?.Name ?? level
            : result.Value ?? result.Status ?? "no score";
    }

    /// <summary>The error summary at the top of a refused form, each error linking to its field when it has one.</summary>
    internal static string ErrorSummary(IReadOnlyList<(string? FieldId, string Message)> errors)
    {
        if (errors.Count == 0) return "";
        StringBuilder html = new("<div class=\"verdict invalid\" role=\"alert\" tabindex=\"-1\" id=\"errors\"><strong>Please check the form</strong><ul>");
        foreach ((string? fieldId, string message) in errors)
            html.Append(fieldId is null ? $"<li>{E(message)}</li>" : $"<li><a href=\"#{E(fieldId)}\">{E(message)}</a></li>");
        return html.Append("</ul></div>").ToString();
    }

    /// <summary>The error text under a field (its id is what the field's aria-describedby names), or nothing.</summary>
    internal static string FieldError(string errorId, string? message) =>
        message is null ? "" : $"<p class=\"error\" id=\"{E(errorId)}\">{E(message)}</p>";

    /// <summary>An <c>aria-describedby</c> and <c>aria-invalid</c> for a field with an error, or nothing.</summary>
    internal static string Described(string errorId, string? message) =>
        message is null ? "" : $" aria-describedby=\"{E(errorId)}\" aria-invalid=\"true\"";

    private static bool IsWebUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out Uri? uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);
}
