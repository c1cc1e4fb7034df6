// The /verify page for employers: paste a link or a credential, or drop a file, and read the verdict in plain words.
// It works without JavaScript (an ordinary form post); the script only adds dropping a file onto the page.
using System.Text;
using BadgeIssuer.Api.OpenApi;
using BadgeIssuer.Api.Problems;
using BadgeIssuer.Api.Verification;
using BadgeIssuer.Credentials.Verification;
using static BadgeIssuer.Api.PublicPages.Html;

namespace BadgeIssuer.Api.PublicPages;

/// <summary><c>GET /verify</c> shows the form; <c>POST /verify</c> shows the report under it.</summary>
public static class VerifyPage
{
    public static void MapVerifyPage(this IEndpointRouteBuilder app)
    {
        app.MapGet("/verify", () => Results.Text(Render(null, null), MediaType))
            .WithTags("Public pages").WithName("VerifyPage").WithSummary("The verification page for people: paste, link or drop a badge");
        app.MapPost("/verify", PostAsync)
            .WithTags("Public pages").WithName("VerifyPageSubmit").WithSummary("Verify what the page's form sent and show the report as HTML; a form it cannot read is shown on the page with its 4xx status")
            .Produces<string>(StatusCodes.Status200OK, "text/html").Produces<string>(StatusCodes.Status400BadRequest, "text/html").Produces<string>(StatusCodes.Status413PayloadTooLarge, "text/html")
            .Produces<string>(StatusCodes.Status415UnsupportedMediaType, "text/html").WithProblems(StatusCodes.Status429TooManyRequests)
            .RequireVerificationLimits()
            .DisableAntiforgery();
    }

    private static async Task<IResult> PostAsync(HttpContext http, JsonBody body, CredentialVerifier verifier)
    {
        (VerificationInput? input, InputProblem? problem) = await VerificationInputReader.ReadAsync(http, body);
        if (problem is not null) return Results.Text(Render(null, problem.Detail), MediaType, statusCode: problem.Status);
        return await input!.RunAsync(verifier, http) is { } report
            ? Results.Text(Render(report, null), MediaType)
            : Results.Text(Render(null, VerificationInput.ShuttingDownDetail), MediaType, statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    /// <summary>The Content-Security-Policy source that allows the drop script and nothing else.</summary>
    public static readonly string ScriptSource = HashSource(DropScript);

    private const string DropScript = """
        const zone=document.querySelector('.drop'),file=document.getElementById('file');
        ['dragenter','dragover'].forEach(t=>zone.addEventListener(t,e=>{e.preventDefault();zone.classList.add('over');}));
        ['dragleave','drop'].forEach(t=>zone.addEventListener(t,e=>{e.preventDefault();zone.classList.remove('over');}));
        zone.addEventListener('drop',e=>{if(e.dataTransfer.files.length){file.files=e.dataTransfer.files;zone.closest('form').requestSubmit();}});
        file.addEventListener('change',()=>{if(file.files.length)file.closest('form').requestSubmit();});
        """;

    private static string Render(VerificationReport? report, string? error)
    {
        StringBuilder main = new("<h1>Verify a badge</h1>");
        if (report is not null) main.Append(Report(report));
        main.Append($"""
            <form method="post" action="/verify" enctype="multipart/form-data">
            {(error is null ? "" : $"<p class=\"error\" role=\"alert\">{E(error)}</p>")}
            <label for="credential">Paste a badge link, a credential (JSON) or a VC-JWT</label>
            <textarea id="credential" name="credential" spellcheck="false" aria-describedby="credential-hint"></textarea>
            <p class="hint" id="credential-hint">Links are read only from this service and from hosts it is configured to trust.</p>
            <div class="drop">
            <label for="file">Or choose or drop a file: a baked badge image (PNG or SVG), a .json or a .jwt</label>
            <input type="file" id="file" name="file" accept=".png,.svg,.json,.jwt,.jws,.txt,image/png,image/svg+xml,application/json">
            </div>
            <label for="recipient">Expected recipient (optional)</label>
            <input type="text" id="recipient" name="recipient" autocomplete="off" aria-describedby="recipient-hint">
            <p class="hint" id="recipient-hint">The e-mail address or id of the person who should have earned it; hashed e-mails are compared the Open Badges way.</p>
            <p><button type="submit" class="primary">Verify</button></p>
            </form>
            """);
        return Page(report is null ? "Verify a badge" : $"{Verdict(report).Word} — Verify a badge", "<meta name=\"description\" content=\"Check an Open Badges 3.0 credential: paste a link, a JSON credential or a JWT, or drop a badge image.\">",
            main.ToString(), DropScript);
    }

    private static string Report(VerificationReport report)
    {
        (string word, string css, string sentence) = Verdict(report);
        StringBuilder html = new($"""<section aria-labelledby="result"><h2 id="result">Result</h2><div class="verdict {css}" role="status"><strong>{E(word)}</strong>{E(sentence)}</div>""");
        if (report.Credential is { } c)
        {
            html.Append("<dl class=\"facts\">");
            if (c.AchievementName is not null) html.Append($"<dt>Badge</dt><dd>{E(c.AchievementName)}</dd>");
            else if (c.Name is not null) html.Append($"<dt>Name</dt><dd>{E(c.Name)}</dd>");
            html.Append($"<dt>Issuer</dt><dd>{E(IssuerLabel(c.IssuerId, c.IssuerName, c.IssuerIdentity))}</dd>");
            if (c.SubjectId is not null) html.Append($"<dt>Recipient</dt><dd>{E(c.SubjectId)}</dd>");
            if (c.ValidFrom is not null) html.Append($"<dt>Valid from</dt><dd>{E(c.ValidFrom)}</dd>");
            if (c.ValidUntil is not null) html.Append($"<dt>Valid until</dt><dd>{E(c.ValidUntil)}</dd>");
            html.Append($"<dt>Format</dt><dd>{E(c.Container is null ? c.Format : $"{c.Format} in {c.Container}")}</dd></dl>");
        }
        html.Append("<h3>Checks</h3>").Append(Checks(report));
        foreach (VerificationReport endorsement in report.Endorsements ?? [])
            html.Append($"<h3>Endorsement by {E(IssuerLabel(endorsement.Credential?.IssuerId, endorsement.Credential?.IssuerName, endorsement.Credential?.IssuerIdentity))}: {E(Verdict(endorsement).Word)}</h3>").Append(Checks(endorsement));
        if (report.Credentials is { Count: > 0 } inner)
        {
            // A CLR: each credential it carries, with its own verdict, issuer and checks.
            html.Append($"<h3>Credentials in this record ({inner.Count})</h3><ol class=\"record\">");
            for (int i = 0; i < inner.Count; i++)
            {
                VerificationReport credential = inner[i];
                (string verdict, _, string why) = Verdict(credential);
                html.Append($"<li><h4>{E(ClrChecks.Label(credential, i))}: {E(verdict)}</h4>")
                    .Append($"<p>Issued by {E(IssuerLabel(credential.Credential?.IssuerId, credential.Credential?.IssuerName, credential.Credential?.IssuerIdentity))}. {E(why)}</p>")
                    .Append(Checks(credential)).Append("</li>");
            }
            html.Append("</ol>");
        }
        return html.Append("</section>").ToString();
    }
}
