using System.Globalization;
using System.Text.Json.Nodes;

namespace BadgeIssuer.Credentials.Issuing;

/// <summary>Everything an OB 3.0 AchievementCredential states, as OB 3.0 JSON pieces where they are OB objects.</summary>
/// <param name="Id">The credential id (an absolute URL or <c>urn:uuid:</c>).</param>
/// <param name="Issuer">The issuer Profile (<c>id</c>, <c>type</c>, <c>name</c>, ...).</param>
/// <param name="Achievement">The OB 3.0 Achievement.</param>
/// <param name="SubjectId">The learner's id (a DID, URL or <c>urn:uuid:</c>); always set so the JWT <c>sub</c> claim exists.</param>
/// <param name="Identifiers">IdentityObjects (hashed e-mail, plain name).</param>
/// <param name="Results">OB 3.0 Result objects.</param>
/// <param name="Evidence">OB 3.0 Evidence objects.</param>
/// <param name="ValidFrom">When the credential becomes valid (whole seconds are kept).</param>
/// <param name="ValidUntil">When it expires, if it does.</param>
/// <param name="Narrative">What the learner did, in Markdown.</param>
/// <param name="CreditsEarned">Credits the learner earned.</param>
/// <param name="CredentialStatus">
/// The status entries (e.g. BitstringStatusListEntry for revocation and for suspension): one is written as an object,
/// as OB 3.0 lists it; several as the set VC 2.0 §4.10 allows.
/// </param>
/// <param name="Source">
/// OB 3.0 <c>AchievementSubject.source</c>, a Profile: "the person, organization, or system that assessed the
/// achievement on behalf of the issuer" (an assessor of a reviewed submission); left out when the issuer assessed it.
/// </param>
public sealed record AchievementCredentialInput(
    string Id,
    JsonObject Issuer,
    JsonObject Achievement,
    string SubjectId,
    IReadOnlyList<JsonObject> Identifiers,
    IReadOnlyList<JsonObject> Results,
    IReadOnlyList<JsonObject> Evidence,
    DateTimeOffset ValidFrom,
    DateTimeOffset? ValidUntil,
    string? Narrative,
    double? CreditsEarned,
    IReadOnlyList<JsonObject>? CredentialStatus = null,
    JsonObject? Source = null);

/// <summary>
/// Builds the unsigned OB 3.0 <c>OpenBadgeCredential</c> JSON (VC Data Model 2.0) in the non-compacted form the
/// canonical JSON Schema expects: every <c>type</c> an array (but Image and IdentityObject), no nulls, no empty arrays.
/// </summary>
public static class AchievementCredentialBuilder
{
    /// <summary>The credential, ready for a schema check and signing.</summary>
    public static JsonObject Build(AchievementCredentialInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        JsonObject subject = new()
        {
            ["id"] = input.SubjectId,
            ["type"] = new JsonArray("AchievementSubject"),
            ["achievement"] = input.Achievement.DeepClone(),
        };
        AddArray(subject, "identifier", input.Identifiers);
        AddArray(subject, "result", input.Results);
        if (input.CreditsEarned is { } credits) subject["creditsEarned"] = credits;
        if (input.Narrative is not null) subject["narrative"] = input.Narrative;
        if (input.Source is not null) subject["source"] = input.Source.DeepClone();

        JsonObject credential = new()
        {
            ["@context"] = new JsonArray(ObContexts.CredentialsV2, ObContexts.OpenBadgesV3, ObContexts.OpenBadgesExtensions),
            ["id"] = input.Id,
            ["type"] = new JsonArray("VerifiableCredential", "OpenBadgeCredential"),
            ["name"] = input.Achievement["name"]?.DeepClone(),
            ["issuer"] = input.Issuer.DeepClone(),
            ["validFrom"] = DateTimeZ(input.ValidFrom),
        };
        if (input.ValidUntil is { } until) credential["validUntil"] = DateTimeZ(until);
        credential["credentialSubject"] = subject;
        AddArray(credential, "evidence", input.Evidence);
        if (input.CredentialStatus is { Count: 1 } single) credential["credentialStatus"] = single[0].DeepClone();
        else AddArray(credential, "credentialStatus", input.CredentialStatus ?? []);
        credential["credentialSchema"] = new JsonArray(new JsonObject
        {
            ["id"] = ObContexts.AchievementCredentialSchema,
            ["type"] = ObContexts.JsonSchemaValidator2019,
        });
        return credential;
    }

    /// <summary>An OB 3.0 DateTimeZ in UTC with whole seconds, e.g. <c>2026-11-25T10:00:00Z</c>.</summary>
    public static string DateTimeZ(DateTimeOffset value) =>
        value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Adds <paramref name="items"/> as the array <paramref name="name"/>, copied; an empty list adds nothing (the schemas refuse empty arrays).</summary>
    internal static void AddArray(JsonObject target, string name, IReadOnlyList<JsonObject> items)
    {
        if (items.Count == 0) return;
        JsonArray array = [];
        foreach (JsonObject item in items) array.Add(item.DeepClone());
        target[name] = array;
    }
}
