// The public page of a learner record (CLR 2.0 ClrCredential): what a teacher shares to show a whole record at once.
// What the record states is read from the signed credential (its name, issuer, learner, date, CLR 2.0 partial, and
// each credential it holds with the achievement's name, achievementType, credits and the isPartOf associations);
// what can change after signing is read afresh on every view: the record's own revocation and each held award's
// revocation, suspension and validUntil (all the awards are this service's own). The issuer is one this service hosts,
// and the service vouches for its own issuers (the issuer-identity check's rule), so its name is shown as fact.
// OpenGraph (ogp.me) and Twitter card meta for link previews, as on the badge page.
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using BadgeIssuer.Core.Awards;
using BadgeIssuer.Core.LearnerRecords;
using BadgeIssuer.Credentials;
using BadgeIssuer.Credentials.Issuing;
using BadgeIssuer.Credentials.Verification;
using static BadgeIssuer.Api.PublicPages.Html;

namespace BadgeIssuer.Api.PublicPages;

/// <summary>Renders the page of one learner record.</summary>
internal static class LearnerRecordPage
{
    /// <summary>
    /// The page of <paramref name="record"/> at <paramref name="pageUrl"/>: <paramref name="held"/> are the awards it
    /// holds as they stand <paramref name="now"/> (<see cref="LearnerRecordService.HeldAwardsAsync"/>),
    /// <paramref name="credentialUrl"/> the public URL of an award's credential, <paramref name="bakeable"/> whether
    /// the record's PNG can be served.
    /// </summary>
    public static string Render(LearnerRecord record, IReadOnlyList<AwardStanding?> held, string pageUrl, Func<string, string> credentialUrl, bool bakeable, DateTimeOffset now)
    {
        LearnerRecordView view = LearnerRecordView.From(JsonNode.Parse(record.CredentialJson)!.AsObject());
        int count = record.AwardIds.Count;
        int notCurrent = held.Count(a => a is null || LearnerRecordService.NotCurrentBecause(a, now) is not null);
        (string word, string css, string sentence) = Verdict(record, count, notCurrent);
        string holds = Count(count);
        string title = $"{view.Name} — {view.IssuerName}";
        string description = view.LearnerName is null
            ? $"A learner record from {view.IssuerName} holding {holds}."
            : $"{view.LearnerName}'s learner record from {view.IssuerName}, holding {holds}.";
        string imageUrl = pageUrl + ".png";
        string alt = $"Learner record: {view.Name}, issued by {view.IssuerName}, {holds}";
        string head = ShareHead(title, description, pageUrl, bakeable ? alt : null);

        StringBuilder main = new("<article>");
        if (bakeable) main.Append($"<img class=\"badge\" src=\"{E(imageUrl)}\" alt=\"{E(alt)}\" width=\"192\" height=\"192\">");
        main.Append($"""
            <h1>{E(view.Name)}</h1>
            <div class="verdict {css}" role="status"><strong>{E(word)}</strong>{E(sentence)}</div>
            <dl class="facts">
            """);
        if (view.LearnerName is not null) main.Append($"<dt>Learner</dt><dd>{E(view.LearnerName)}</dd>");
        main.Append($"<dt>Issued by</dt><dd>{BadgePage.Link(view.IssuerUrl, view.IssuerName)}</dd>");
        main.Append($"<dt>Issued on</dt><dd>{E(BadgePage.Date(view.ValidFrom))}</dd>");
        main.Append($"<dt>Holds</dt><dd>{E(view.Partial ? $"{holds}: this record holds some of the learner's credentials from the issuer, not all of them" : holds)}</dd>");
        main.Append($"<dt>Record</dt><dd><code>{E(view.Id)}</code></dd></dl>");
        if (view.Description is not null) main.Append($"<h2>About this record</h2>{Markdown.ToHtml(view.Description)}");

        main.Append($"<h2 id=\"held\">The credentials in this record</h2><ol class=\"credentials\" aria-labelledby=\"held\">");
        for (int i = 0; i < count; i++)
            main.Append(Item(view, i < view.Credentials.Count ? view.Credentials[i] : [], record.AwardIds[i], i < held.Count ? held[i] : null, credentialUrl, now));
        main.Append("</ol>");

        main.Append("<h2>Download and verify</h2><ul class=\"actions\">");
        if (bakeable) main.Append($"<li><a href=\"{E(imageUrl)}\" download>Record image (PNG)</a></li>");
        main.Append($"""
            <li><a href="{E(pageUrl)}.json" download>Record (JSON)</a></li>
            <li><a href="/verify">Verify a record or badge</a></li>
            </ul>
            <p class="hint">{E(bakeable ? "The image and the JSON carry the signed record with every credential in it: anyone can drop one on a verifier to check it." : "The JSON carries the signed record with every credential in it: anyone can give it to a verifier to check it.")}</p>
            </article>
            """);
        return Page(title, head, main.ToString());
    }

    /// <summary>The record's own status: revoked, or current with how many of its credentials are not current any more.</summary>
    private static (string Word, string CssClass, string Sentence) Verdict(LearnerRecord record, int count, int notCurrent)
    {
        if (record.Revoked is { } revoked)
            return ("Revoked", "invalid", $"The issuer revoked this record on {BadgePage.Date(revoked.At)}; the credentials in it keep their own status, shown below. Reason given: {revoked.Reason}");
        if (notCurrent == 0)
            return ("Current", "valid", "The issuer has not revoked this record, and every credential in it is valid today.");
        return ("Current", "unsure", notCurrent == count
            ? "The issuer has not revoked this record, but none of the credentials in it is valid today: see each one below."
            : $"The issuer has not revoked this record, but {notCurrent} of the {count} credentials in it {(notCurrent == 1 ? "is" : "are")} no longer valid: see each one below.");
    }

    /// <summary>One credential of the record: what it states, and its status now.</summary>
    private static string Item(LearnerRecordView view, JsonObject credential, string awardId, AwardStanding? award, Func<string, string> credentialUrl, DateTimeOffset now)
    {
        JsonObject subject = credential["credentialSubject"] as JsonObject ?? [];
        JsonObject achievement = subject["achievement"] as JsonObject ?? [];
        JsonObject issuer = credential["issuer"] as JsonObject ?? [];
        string name = JsonText.Of(achievement["name"]) ?? JsonText.Of(credential["name"]) ?? "Credential";
        (string word, string css, string? detail) = Status(award, now);
        StringBuilder item = new($"""<li><h3><a href="{E(credentialUrl(awardId))}.html">{E(name)}</a></h3><p class="state {css}"><strong>{E(word)}</strong>""");
        if (detail is not null) item.Append(' ').Append(E(detail));
        item.Append("</p><dl class=\"facts\">");
        if (JsonText.Of(achievement["achievementType"]) is { } type) item.Append($"<dt>Type</dt><dd>{E(TypeLabel(type))}</dd>");
        item.Append($"<dt>Issued by</dt><dd>{E(JsonText.Of(issuer["name"]) ?? view.IssuerName)}</dd>");
        item.Append($"<dt>Issued on</dt><dd>{E(BadgePage.Date(JsonText.Of(credential["validFrom"]) ?? JsonText.Of(credential["issuanceDate"])))}</dd>");
        // A stacked achievement states 0 credits of its own (its components carry them): no credits are shown for it.
        if ((Number(subject["creditsEarned"]) ?? Number(achievement["creditsAvailable"])) is { } credits and > 0)
            item.Append($"<dt>Credits</dt><dd>{E(credits.ToString(CultureInfo.InvariantCulture))}</dd>");
        List<string> partOf = [.. view.Associations.Where(a => a.SourceId == JsonText.Of(achievement["id"]) && a.AssociationType == AssociationTypes.IsPartOf)
            .Select(a => view.AchievementNames.GetValueOrDefault(a.TargetId, a.TargetId)).Distinct(StringComparer.Ordinal)];
        if (partOf.Count > 0) item.Append($"<dt>Part of</dt><dd>{E(string.Join(", ", partOf))}</dd>");
        return item.Append("</dl></li>").ToString();
    }

    /// <summary>An award's status now, as the badge page words it; <c>null</c> stands for an award the store no longer has.</summary>
    internal static (string Word, string CssClass, string? Detail) Status(AwardStanding? award, DateTimeOffset now)
    {
        if (award is null) return ("Cannot tell", "unsure", "The issuer has no record of this credential any more.");
        if (LearnerRecordService.NotCurrentBecause(award, now) is null)
            return award.ValidUntil is { } expires ? ("Valid", "valid", $"until {BadgePage.Date(expires)}") : ("Valid", "valid", null);
        if (award.Revoked is { } revoked) return ("Revoked", "invalid", $"on {BadgePage.Date(revoked.At)}. Reason given: {revoked.Reason}");
        if (award.Suspended is { } suspended) return ("Suspended", "invalid", $"since {BadgePage.Date(suspended.At)}");
        return ("Expired", "invalid", $"on {BadgePage.Date(award.ValidUntil!.Value)}");
    }

    /// <summary>"1 credential", "5 credentials".</summary>
    internal static string Count(int credentials) =>
        credentials == 1 ? "1 credential" : string.Create(CultureInfo.InvariantCulture, $"{credentials} credentials");

    /// <summary>An OB 3.0 AchievementType as words: MicroCredential as "Micro credential", an <c>ext:</c> type without its prefix.</summary>
    private static string TypeLabel(string type)
    {
        string name = type.StartsWith("ext:", StringComparison.Ordinal) ? type[4..] : type;
        StringBuilder words = new(name.Length + 4);
        for (int i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i]) && char.IsLower(name[i - 1])) words.Append(' ').Append(char.ToLowerInvariant(name[i]));
            else words.Append(name[i]);
        }
        return words.ToString();
    }

    private static double? Number(JsonNode? node) => node is JsonValue value && value.TryGetValue(out double number) ? number : null;
}

/// <summary>What a learner record's page shows, read from its signed ClrCredential.</summary>
internal sealed record LearnerRecordView(
    string Id, string Name, string? Description, string IssuerName, string? IssuerUrl, string? LearnerName, string? ValidFrom, bool Partial,
    IReadOnlyList<JsonObject> Credentials, IReadOnlyDictionary<string, string> AchievementNames, IReadOnlyList<ClrAssociation> Associations)
{
    public static LearnerRecordView From(JsonObject credential)
    {
        JsonObject subject = credential["credentialSubject"] as JsonObject ?? [];
        JsonObject issuer = credential["issuer"] as JsonObject ?? [];
        // The name is shown only from a plain name identifier; a hashed one (and the hashed e-mail address) never.
        string? learnerName = CredentialChecks.Identifiers(subject)
            .Where(i => JsonText.Of(i["identityType"]) == "name" && !(i["hashed"] is JsonValue h && h.TryGetValue(out bool hashed) && hashed))
            .Select(i => JsonText.Of(i["identityHash"])).FirstOrDefault(n => n is not null);
        Dictionary<string, string> achievementNames = new(StringComparer.Ordinal);
        foreach (JsonObject achievement in CredentialChecks.Objects(subject["achievement"]))
            if (JsonText.Of(achievement["id"]) is { } id && JsonText.Of(achievement["name"]) is { } name) achievementNames.TryAdd(id, name);
        return new LearnerRecordView(
            JsonText.Of(credential["id"]) ?? "",
            JsonText.Of(credential["name"]) ?? "Learner record",
            JsonText.Of(credential["description"]),
            JsonText.Of(issuer["name"]) ?? JsonText.Of(credential["issuer"]) ?? "Unknown issuer",
            JsonText.Of(issuer["url"]) ?? JsonText.Of(issuer["id"]),
            learnerName,
            JsonText.Of(credential["validFrom"]),
            credential["partial"] is JsonValue p && p.TryGetValue(out bool partial) && partial,
            CredentialChecks.Objects(subject["verifiableCredential"]),
            achievementNames,
            [.. CredentialChecks.Objects(subject["association"]).Select(a => new ClrAssociation(
                JsonText.Of(a["associationType"]) ?? "", JsonText.Of(a["sourceId"]) ?? "", JsonText.Of(a["targetId"]) ?? ""))]);
    }
}
