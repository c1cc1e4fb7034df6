// CLR 2.0 Appendix B (ClrCredential, ClrSubject, Association): a learner's record as one Verifiable Credential whose
// subject holds the learner's signed credentials unchanged (verifiableCredential), the achievements they are for
// (achievement) and how those achievements relate (association).
using System.Text.Json.Nodes;

namespace BadgeIssuer.Credentials.Issuing;

/// <summary>CLR 2.0 AssociationType: the values this service writes.</summary>
public static class AssociationTypes
{
    /// <summary>The source achievement is part of the target one (a micro-credential of a stacked certificate).</summary>
    public const string IsPartOf = "isPartOf";
}

/// <summary>A CLR 2.0 Association: <paramref name="SourceId"/> relates to <paramref name="TargetId"/> as <paramref name="AssociationType"/> says.</summary>
public sealed record ClrAssociation(string AssociationType, string SourceId, string TargetId);

/// <summary>Everything a ClrCredential states.</summary>
/// <param name="Id">The credential id (the URL it is served at).</param>
/// <param name="Issuer">The issuer Profile.</param>
/// <param name="Name">The record's name.</param>
/// <param name="Description">What the record is, if said.</param>
/// <param name="SubjectId">The learner's id (a DID or the id given at issue), when there is one.</param>
/// <param name="Identifiers">IdentityObjects of the learner (CLR 2.0 ClrSubject.identifier); needed when there is no id.</param>
/// <param name="Credentials">The learner's signed credentials, embedded exactly as signed.</param>
/// <param name="Achievements">The achievements of those credentials, stacked ones included, each once.</param>
/// <param name="Associations">How the achievements relate.</param>
/// <param name="Partial">True when the record holds only some of the learner's credentials (CLR 2.0 ClrCredential.partial).</param>
/// <param name="ValidFrom">When the record becomes valid (whole seconds are kept).</param>
/// <param name="CredentialStatus">The record's own status entry (revocation).</param>
public sealed record ClrCredentialInput(
    string Id,
    JsonObject Issuer,
    string Name,
    string? Description,
    string? SubjectId,
    IReadOnlyList<JsonObject> Identifiers,
    IReadOnlyList<JsonObject> Credentials,
    IReadOnlyList<JsonObject> Achievements,
    IReadOnlyList<ClrAssociation> Associations,
    bool Partial,
    DateTimeOffset ValidFrom,
    JsonObject? CredentialStatus);

/// <summary>
/// Builds the unsigned CLR 2.0 <c>ClrCredential</c> JSON (VC Data Model 2.0) in the form of the 1EdTech CLR
/// implementation guide's example: every <c>type</c> an array, no nulls, no empty arrays.
/// </summary>
public static class ClrCredentialBuilder
{
    /// <summary>The IRI of CLR 2.0 <c>ClrCredential.partial</c> in the CLR vocabulary.</summary>
    public const string PartialTerm = "https://purl.imsglobal.org/spec/vc/clr/vocab.html#partial";

    /// <summary>The credential, ready for signing.</summary>
    public static JsonObject Build(ClrCredentialInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.SubjectId is null && input.Identifiers.Count == 0)
            throw new ArgumentException("A ClrSubject needs an id or at least one identifier (CLR 2.0 ClrSubject).", nameof(input));
        if (input.Credentials.Count == 0)
            throw new ArgumentException("A ClrSubject holds at least one verifiable credential (CLR 2.0 ClrSubject.verifiableCredential is 1..*).", nameof(input));

        JsonObject subject = [];
        if (input.SubjectId is not null) subject["id"] = input.SubjectId;
        subject["type"] = new JsonArray("ClrSubject");
        AchievementCredentialBuilder.AddArray(subject, "identifier", input.Identifiers);
        AchievementCredentialBuilder.AddArray(subject, "verifiableCredential", input.Credentials);
        AchievementCredentialBuilder.AddArray(subject, "achievement", input.Achievements);
        AchievementCredentialBuilder.AddArray(subject, "association", [.. input.Associations.Select(a => new JsonObject
        {
            ["type"] = "Association",
            ["associationType"] = a.AssociationType,
            ["sourceId"] = a.SourceId,
            ["targetId"] = a.TargetId,
        })]);

        JsonArray context = [ObContexts.CredentialsV2, ObContexts.ClrV2, ObContexts.OpenBadgesV3, ObContexts.OpenBadgesExtensions];
        // CLR 2.0 ClrCredential.partial is in the data model but not in the CLR context 2.0.1, and no context in the list
        // has an @vocab: without a definition a JSON-LD processor drops the term (and a safe-mode signer refuses it), so
        // the record defines it inline, in the CLR vocabulary (VC 2.0 §4.3 allows context objects after the first URL).
        if (input.Partial) context.Add(new JsonObject { ["partial"] = PartialTerm });
        JsonObject credential = new()
        {
            ["@context"] = context,
            ["id"] = input.Id,
            ["type"] = new JsonArray("VerifiableCredential", "ClrCredential"),
            ["name"] = input.Name,
        };
        if (input.Description is not null) credential["description"] = input.Description;
        credential["issuer"] = input.Issuer.DeepClone();
        credential["validFrom"] = AchievementCredentialBuilder.DateTimeZ(input.ValidFrom);
        if (input.Partial) credential["partial"] = true;
        credential["credentialSubject"] = subject;
        if (input.CredentialStatus is not null) credential["credentialStatus"] = input.CredentialStatus.DeepClone();
        credential["credentialSchema"] = new JsonArray(new JsonObject
        {
            ["id"] = ObContexts.ClrCredentialSchema,
            ["type"] = ObContexts.JsonSchemaValidator2019,
        });
        return credential;
    }
}
