namespace BadgeIssuer.Core.Clients;

/// <summary>The scopes an API client can hold (DESIGN.md §6).</summary>
public static class Scopes
{
    /// <summary>Create and manage issuers and clients.</summary>
    public const string IssuersAdmin = "issuers:admin";
    /// <summary>Create and change achievements.</summary>
    public const string AchievementsWrite = "achievements:write";
    /// <summary>Issue awards.</summary>
    public const string AwardsIssue = "awards:issue";
    /// <summary>Revoke awards.</summary>
    public const string AwardsRevoke = "awards:revoke";
    /// <summary>Read awards and achievements.</summary>
    public const string AwardsRead = "awards:read";
    /// <summary>Read the issuer's audit trail.</summary>
    public const string AuditRead = "audit:read";

    /// <summary>Every scope.</summary>
    public static readonly IReadOnlyList<string> All = [IssuersAdmin, AchievementsWrite, AwardsIssue, AwardsRevoke, AwardsRead, AuditRead];
}
