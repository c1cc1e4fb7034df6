namespace BadgeIssuer.Credentials.Issuing;

/// <summary>The JSON-LD context and schema URLs an OB 3.0 credential carries (OB 3.0 §1, BRIEF §1 and §4.3).</summary>
public static class ObContexts
{
    /// <summary>VC Data Model 2.0 base context; always first.</summary>
    public const string CredentialsV2 = "https://www.w3.org/ns/credentials/v2";

    /// <summary>The latest OB 3.0 context; always second.</summary>
    public const string OpenBadgesV3 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json";

    /// <summary>1EdTech extensions context: defines <c>1EdTechJsonSchemaValidator2019</c> used by <c>credentialSchema</c>.</summary>
    public const string OpenBadgesExtensions = "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json";

    /// <summary>The canonical OB 3.0 AchievementCredential JSON Schema.</summary>
    public const string AchievementCredentialSchema = "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json";

    /// <summary>The CLR 2.0 context (version 2.0.1); second in a ClrCredential, before the OB 3.0 context (CLR 2.0 §B.1.1).</summary>
    public const string ClrV2 = "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json";

    /// <summary>The canonical CLR 2.0 ClrCredential JSON Schema, as a ClrCredential names it in <c>credentialSchema</c>.</summary>
    public const string ClrCredentialSchema = "https://purl.imsglobal.org/spec/clr/v2p0/schema/json/clr_v2p0_clrcredential_schema.json";

    /// <summary>The <c>credentialSchema</c> type for 1EdTech JSON Schemas.</summary>
    public const string JsonSchemaValidator2019 = "1EdTechJsonSchemaValidator2019";
}
