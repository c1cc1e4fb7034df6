using BadgeIssuer.Core.Achievements;
using BadgeIssuer.Credentials.Schemas;

namespace BadgeIssuer.Core.Awards;

/// <summary>The results and evidence do not meet the achievement's criteria: every unmet rule is listed.</summary>
public sealed record CriteriaNotMet(IReadOnlyList<UnmetRule> Unmet) : Outcome<Award>;

/// <summary>The credential built from the request does not satisfy the OB 3.0 JSON Schema, so it was not signed.</summary>
public sealed record CredentialSchemaViolation(IReadOnlyList<SchemaViolation> Violations) : Outcome<Award>;
