// Server-rendered pages for people (badge pages, /verify): semantic HTML, WCAG 2.2 AA colours, no scripts needed.
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using BadgeIssuer.Credentials.Verification;

namespace BadgeIssuer.Api.PublicPages;

/// <summary>The shared page frame and the plain-language rendering of a verification report.</summary>
internal static class Html
{
    public const string MediaType = "text/html; charset=utf-8";

    /// <summary>The Content-Security-Policy source that allows the pages' one inline style sheet.</summary>
    public static readonly string StyleSource = HashSource(Styles);

    /// <summary>
    /// The CSP source (<c>'sha256-...'</c>, CSP Level 3 §2.3.1) that allows exactly this inline script or style text,
    /// as it stands between its tags.
    /// </summary>
    public static string HashSource(string inline) => $"'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(inline)))}'";

    /// <summary>HTML-encodes text for element content and attribute values.</summary>
    public static string E(string? text) => HtmlEncoder.Default.Encode(text ?? "");

    /// <summary>
    /// The &lt;head&gt; markup of a page people share (a badge, a learner record): its description, canonical URL and
    /// JSON form (<c>{pageUrl}.json</c>), and the OpenGraph and Twitter card previews; with <paramref name="imageAlt"/>, the
    /// picture at <c>{pageUrl}.png</c> described by it is in both previews.
    /// </summary>
    public static string ShareHead(string title, string description, string pageUrl, string? imageAlt)
    {
        StringBuilder head = new($"""
            <meta name="description" content="{E(description)}">
            <link rel="canonical" href="{E(pageUrl)}">
            <link rel="alternate" type="application/vc+ld+json" href="{E(pageUrl)}.json">
            <meta property="og:type" content="website">
            <meta property="og:title" content="{E(title)}">
            <meta property="og:description" content="{E(description)}">
            <meta property="og:url" content="{E(pageUrl)}">
            """);
        if (imageAlt is not null)
            head.Append($"""

                <meta property="og:image" content="{E(pageUrl)}.png">
                <meta property="og:image:type" content="image/png">
                <meta property="og:image:alt" content="{E(imageAlt)}">
                """);
        head.Append($"""

            <meta name="twitter:card" content="summary">
            <meta name="twitter:title" content="{E(title)}">
            <meta name="twitter:description" content="{E(description)}">
            """);
        if (imageAlt is not null)
            head.Append($"""

                <meta name="twitter:image" content="{E(pageUrl)}.png">
                <meta name="twitter:image:alt" content="{E(imageAlt)}">
                """);
        return head.ToString();
    }

    /// <summary>
    /// A whole page: <paramref name="head"/> is extra markup for &lt;head&gt;, <paramref name="main"/> the page's content,
    /// <paramref name="script"/> an inline script whose <see cref="HashSource"/> the page policy must list.
    /// </summary>
    public static string Page(string title, string head, string main, string? script = null) => $$"""
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{E(title)}}</title>
        {{head}}
        <style>{{Styles}}</style>
        </head>
        <body>
        <a class="skip" href="#main">Skip to content</a>
        <header class="site"><a class="brand" href="/verify">BadgeIssuer</a><nav aria-label="Site"><a href="/verify">Verify a badge</a></nav></header>
        <main id="main">
        {{main}}
        </main>
        <footer class="site"><p>Open Badges 3.0 credentials, signed and verifiable by anyone.</p></footer>
        {{(script is null ? "" : $"<script>{script}</script>")}}
        </body>
        </html>
        """;

    /// <summary>The verdict as a headline word and a sentence anyone understands.</summary>
    public static (string Word, string CssClass, string Sentence) Verdict(VerificationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        VerificationCheck? failed = report.Checks.FirstOrDefault(c => c.Status == CheckStatus.Failed);
        VerificationCheck? unsure = report.Checks.FirstOrDefault(c => c.Status == CheckStatus.Indeterminate);
        return report.Status switch
        {
            VerificationStatus.Valid when report.Credential?.IssuerIdentity is not IssuerIdentityStatus.Proven => ("Valid", "valid",
                "The signature checks out and the badge is current, but nobody vouches for who the issuer is: its name is only what the credential claims."),
            VerificationStatus.Valid => ("Valid", "valid", "The signature checks out, the issuer is who it says, and the badge is current."),
            VerificationStatus.Invalid when failed?.Code == VerificationCodes.Revoked => ("Revoked", "invalid", failed.Message),
            VerificationStatus.Invalid when failed?.Code == VerificationCodes.Suspended => ("Suspended", "invalid", failed.Message),
            VerificationStatus.Invalid when failed?.Code == VerificationCodes.Expired => ("Expired", "invalid", failed.Message),
            VerificationStatus.Invalid => ("Invalid", "invalid", failed?.Message ?? "A check failed."),
            _ => ("Cannot tell", "unsure", unsure?.Message ?? "Something needed to decide could not be checked."),
        };
    }

    /// <summary>
    /// The issuer as plain text that never shows an unproven name as fact: the name when someone vouches for the issuer
    /// (the report's issuer-identity check), otherwise the issuer's id with the name it gives itself marked as not verified.
    /// </summary>
    public static string IssuerLabel(string? issuerId, string? issuerName, IssuerIdentityStatus? identity) =>
        identity == IssuerIdentityStatus.Proven || issuerName is null ? issuerName ?? issuerId ?? "Unknown issuer"
            : $"{issuerId ?? "An unidentified issuer"} (calls itself “{issuerName}” — not verified)";

    /// <summary>Every check of a report as a list: what was checked, how it went, and why.</summary>
    public static string Checks(VerificationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        StringBuilder html = new("<ol class=\"checks\">");
        foreach (VerificationCheck check in report.Checks)
        {
            (string mark, string word) = check.Status switch
            {
                CheckStatus.Passed => ("✓", "passed"),
                CheckStatus.Failed => ("✗", "failed"),
                CheckStatus.Warning => ("!", "warning"),
                CheckStatus.Indeterminate => ("?", "could not tell"),
                _ => ("–", "skipped"),
            };
            html.Append($"<li class=\"check {word.Replace(' ', '-')}\"><span class=\"mark\" aria-hidden=\"true\">{mark}</span> ")
                .Append($"<strong>{E(Label(check.Check))}</strong> <span class=\"outcome\">({word})</span>: {E(check.Message)} <code>{E(check.Code)}</code></li>");
        }
        return html.Append("</ol>").ToString();
    }

    private static string Label(string check) => check switch
    {
        VerificationCodes.Checks.Format => "Format",
        VerificationCodes.Checks.Schema => "Structure (Open Badges or CLR data model)",
        VerificationCodes.Checks.Signature => "Signature",
        VerificationCodes.Checks.Proof => "Signature (proof)",
        VerificationCodes.Checks.KeyProvenance => "Issuer's key",
        VerificationCodes.Checks.IssuerIdentity => "Who vouches for the issuer",
        VerificationCodes.Checks.Claims => "JWT claims",
        VerificationCodes.Checks.Dates => "Dates",
        VerificationCodes.Checks.Status => "Revocation status",
        VerificationCodes.Checks.Recipient => "Recipient",
        VerificationCodes.Checks.Learner => "Same learner as the record",
        VerificationCodes.Checks.Endorsements => "Endorsements",
        VerificationCodes.Checks.Credentials => "Credentials in the record",
        VerificationCodes.Checks.Budget => "Work limit",
        _ => check,
    };

    /// <summary>Colours meet WCAG 2.2 AA (4.5:1 for text) on their backgrounds; focus is always visible.</summary>
    private const string Styles = """
        :root{color-scheme:light;--ink:#1b1b1f;--muted:#4a4a55;--link:#0b57d0;--line:#d0d0d8}
        *{box-sizing:border-box}body{margin:0;font:1rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:#fff}
        a{color:var(--link)}a:focus-visible,button:focus-visible,input:focus-visible,textarea:focus-visible,summary:focus-visible{outline:3px solid #b3261e;outline-offset:2px}
        .skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:#fff;padding:.5rem;z-index:1}
        header.site,footer.site{display:flex;justify-content:space-between;align-items:center;padding:.75rem 1.25rem;border-bottom:1px solid var(--line)}
        footer.site{border-top:1px solid var(--line);border-bottom:0;color:var(--muted);font-size:.9rem}
        .brand{font-weight:700;text-decoration:none;color:var(--ink)}
        main{max-width:46rem;margin:0 auto;padding:1.25rem}
        h1{font-size:1.75rem;line-height:1.2;margin:.5rem 0}h2{font-size:1.2rem;margin:1.5rem 0 .5rem}
        .badge{display:block;width:12rem;height:12rem;object-fit:contain;margin:0 auto}
        .verdict{border-radius:.5rem;padding:.75rem 1rem;margin:1rem 0;border:2px solid}
        .verdict strong{font-size:1.25rem;display:block}
        .valid{background:#e6f4ea;border-color:#0d652d;color:#0d4f24}.invalid{background:#fce8e6;border-color:#a50e0e;color:#8a0b0b}.unsure{background:#fef7e0;border-color:#8a5300;color:#6b4100}
        dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}dl.facts dt{font-weight:600}dl.facts dd{margin:0;overflow-wrap:anywhere}
        .checks{padding-left:1.25rem}.check{margin:.35rem 0}.check code{color:var(--muted);font-size:.85rem}
        .check.failed .mark{color:#a50e0e}.check.passed .mark{color:#0d652d}
        .actions{display:flex;flex-wrap:wrap;gap:.5rem;padding:0;list-style:none}
        .actions a,button{display:inline-block;padding:.5rem .9rem;border:1px solid var(--link);border-radius:.4rem;text-decoration:none;background:#fff;color:var(--link);font:inherit;cursor:pointer}
        button.primary{background:#0b57d0;color:#fff}
        .qr svg{width:9rem;height:9rem}
        label{display:block;font-weight:600;margin:.75rem 0 .25rem}textarea,input[type=text],input[type=url]{width:100%;font:inherit;padding:.5rem;border:1px solid #6e6e78;border-radius:.3rem}
        textarea{min-height:8rem;font-family:ui-monospace,monospace;font-size:.85rem}
        .drop{border:2px dashed #6e6e78;border-radius:.5rem;padding:1rem;margin:.75rem 0}.drop.over{background:#eef3fd}
        .hint{color:var(--muted);font-size:.9rem;margin:.25rem 0}
        .error{color:#8a0b0b;font-weight:600}
        fieldset{border:1px solid var(--line);border-radius:.5rem;margin:1rem 0;padding:.5rem 1rem 1rem}legend{font-weight:700;padding:0 .25rem}
        .choice{margin:.5rem 0}.choice label{display:inline;font-weight:600;margin:0 0 0 .4rem}.choice .hint{margin:0 0 0 1.6rem}label.choice{font-weight:400}
        textarea.prose{font-family:inherit;font-size:1rem;min-height:6rem}
        dl.answers dt,dl.levels dt{font-weight:600;margin-top:.5rem}dl.answers dd,dl.levels dd{margin:0 0 0 1rem}
        .credentials{list-style:none;padding:0}.credentials>li{border:1px solid var(--line);border-radius:.5rem;padding:.75rem 1rem;margin:.75rem 0}
        .credentials h3{font-size:1.1rem;margin:0 0 .5rem}.state{border-radius:.4rem;padding:.35rem .75rem;margin:.5rem 0;border:1px solid}
        """;
}
