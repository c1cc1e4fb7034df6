// Open Badges 2.0 (IMS Global, 2018) §"Open Badges Vocabulary": the hosted Assertion, BadgeClass and issuer Profile of
// an award, for consumers that import only OB 2.0. They are copies of what the OB 3.0 credential says, made from the
// stored credential itself, so the recipient's salted hash is the same one: OB 3.0 IdentityObject (identityHash
// "sha256$<hex>", salt) maps onto OB 2.0 IdentityObject (identity, salt, hashed).
using System.Text.Json.Nodes;
using BadgeIssuer.Core.Achievements;
using BadgeIssuer.Core.Awards;
using BadgeIssuer.Core.Configuration;
using BadgeIssuer.Core.Issuers;

namespace BadgeIssuer.Core.Issuing;

/// <summary>The OB 2.0 JSON-LD of an award's hosted Assertion, its BadgeClass and its issuer's Profile.</summary>
public sealed class Ob2Documents(PublicUrls urls)
{
    /// <summary>The OB 2.0 JSON-LD context (OB 2.0 §"Open Badges in Linked Data").</summary>
    public const string Context = "https://w3id.org/openbadges/v2";

    /// <summary>
    /// The hosted Assertion: <c>id</c> is its own URL and <c>verification</c> is <c>hosted</c>, so a verifier trusts
    /// what it fetches from there (OB 2.0 §VerificationObject, HostedBadge). The recipient, dates, evidence and
    /// narrative are the credential's.
    /// </summary>
    public JsonObject Assertion(Award award)
    {
        ArgumentNullException.ThrowIfNull(award);
        JsonObject credential = JsonNode.Parse(award.CredentialJson)!.AsObject();
        JsonObject? subject = credential["credentialSubject"] as JsonObject;
        JsonObject assertion = new()
        {
            ["@context"] = Context,
            ["type"] = "Assertion",
            ["id"] = urls.Ob2Assertion(award.Id),
            ["recipient"] = Recipient(subject),
            ["badge"] = urls.Ob2BadgeClass(award.AchievementId),
            ["verification"] = new JsonObject { ["type"] = "hosted" },
            ["issuedOn"] = credential["validFrom"]?.GetValue<string>() ?? award.IssuedAt.ToString("O"),
            ["image"] = urls.Credential(award.Id) + ".png",
        };
        if (credential["evidence"] is JsonArray evidence && evidence.Count > 0) assertion["evidence"] = Evidence(evidence);
        if (subject?["narrative"]?.GetValue<string>() is { } narrative) assertion["narrative"] = narrative;
        if (award.ValidUntil is { } expires) assertion["expires"] = expires.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        return assertion;
    }

    /// <summary>
    /// What a revoked or suspended award's hosted Assertion becomes, served with 410 Gone: only <c>id</c>,
    /// <c>revoked</c> and the reason (OB 2.0 §Assertion: "If revoked is true, only revoked and id are required").
    /// </summary>
    public JsonObject Withdrawn(Award award, string reason)
    {
        ArgumentNullException.ThrowIfNull(award);
        return new JsonObject
        {
            ["@context"] = Context,
            ["type"] = "Assertion",
            ["id"] = urls.Ob2Assertion(award.Id),
            ["revoked"] = true,
            ["revocationReason"] = reason,
        };
    }

    /// <summary>The BadgeClass of an achievement (OB 2.0 §BadgeClass: id, type, name, description, image, criteria, issuer required).</summary>
    public JsonObject BadgeClass(Achievement achievement)
    {
        ArgumentNullException.ThrowIfNull(achievement);
        JsonObject criteria = [];
        if (achievement.Criteria.Id is { } criteriaUrl) criteria["id"] = criteriaUrl;
        criteria["narrative"] = achievement.Criteria.Narrative ?? achievement.Description;
        JsonObject badge = new()
        {
            ["@context"] = Context,
            ["type"] = "BadgeClass",
            ["id"] = urls.Ob2BadgeClass(achievement.Id),
            ["name"] = achievement.Name,
            ["description"] = achievement.Description,
            ["image"] = achievement.Image?.Id ?? urls.Ob2BadgeImage(achievement.Id),
            ["criteria"] = criteria,
            ["issuer"] = urls.Ob2Issuer(achievement.IssuerId),
        };
        if (achievement.Alignments.Count > 0) badge["alignment"] = new JsonArray([.. achievement.Alignments.Select(Alignment)]);
        if (achievement.Tags.Count > 0) badge["tags"] = new JsonArray([.. achievement.Tags.Select(t => (JsonNode)t)]);
        return badge;
    }

    /// <summary>
    /// The issuer Profile (OB 2.0 §Profile: an issuer needs id, type, name, url and email). <c>url</c> falls back to the
    /// issuer's OB 3.0 Profile page here when the issuer gave none; an issuer without an e-mail address publishes none,
    /// which strict OB 2.0 importers refuse (the README says to set one).
    /// </summary>
    public JsonObject Issuer(Issuer issuer)
    {
        ArgumentNullException.ThrowIfNull(issuer);
        JsonObject profile = new()
        {
            ["@context"] = Context,
            ["type"] = "Issuer",
            ["id"] = urls.Ob2Issuer(issuer.Id),
            ["name"] = issuer.Name,
            ["url"] = issuer.Url ?? urls.IssuerUrl(issuer.Id),
        };
        if (issuer.Email is { } email) profile["email"] = email;
        if (issuer.Description is { } description) profile["description"] = description;
        if (issuer.Image is { } image) profile["image"] = image;
        return profile;
    }

    /// <summary>
    /// OB 2.0 IdentityObject from the credential's first e-mail identifier (same salt, same hash); else the subject's id
    /// as a plain <c>url</c> identity (a DID or URL the learner was issued to).
    /// </summary>
    private static JsonObject Recipient(JsonObject? subject)
    {
        if (subject?["identifier"] is JsonArray identifiers)
        {
            foreach (JsonNode? node in identifiers)
            {
                if (node is not JsonObject identifier || identifier["identityType"]?.GetValue<string>() != "emailAddress") continue;
                JsonObject recipient = new()
                {
                    ["type"] = "email",
                    ["hashed"] = identifier["hashed"]?.GetValue<bool>() ?? true,
                    ["identity"] = identifier["identityHash"]?.GetValue<string>(),
                };
                if (identifier["salt"]?.GetValue<string>() is { } salt) recipient["salt"] = salt;
                return recipient;
            }
        }
        return new JsonObject { ["type"] = "url", ["hashed"] = false, ["identity"] = subject?["id"]?.GetValue<string>() };
    }

    /// <summary>OB 3.0 Evidence as OB 2.0 Evidence: the same properties (id, name, description, narrative, genre, audience), type Evidence.</summary>
    private static JsonArray Evidence(JsonArray evidence)
    {
        JsonArray items = [];
        foreach (JsonNode? node in evidence)
        {
            if (node is not JsonObject item) continue;
            JsonObject copy = new() { ["type"] = "Evidence" };
            foreach (string name in (string[])["id", "name", "description", "narrative", "genre", "audience"])
                if (item[name] is JsonValue value) copy[name] = value.DeepClone();
            items.Add(copy);
        }
        return items;
    }

    private static JsonObject Alignment(Alignment a)
    {
        JsonObject json = new() { ["targetName"] = a.TargetName, ["targetUrl"] = a.TargetUrl };
        if (a.TargetDescription is not null) json["targetDescription"] = a.TargetDescription;
        if (a.TargetFramework is not null) json["targetFramework"] = a.TargetFramework;
        if (a.TargetCode is not null) json["targetCode"] = a.TargetCode;
        return json;
    }
}
