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

    /// <summary>Create, resubmit and withdraw submissions for review, upload their evidence files, and read them.</summary>
    public const string SubmissionsWrite = "submissions:write";
    /// <summary>Read submissions, their reviews and decisions.</summary>
    public const string SubmissionsRead = "submissions:read";
    /// <summary>Add, read and remove assessors.</summary>
    public const string AssessorsWrite = "assessors:write";
    /// <summary>Review the submissions assigned to the one assessor the key belongs to; held only by assessors' own keys.</summary>
    public const string ReviewsWrite = "reviews:write";

    /// <summary>Endorse another issuer's achievement or profile with a signed EndorsementCredential.</summary>
    public const string EndorsementsIssue = "endorsements:issue";

    /// <summary>Sign a learner's Comprehensive Learner Record (CLR 2.0) from the issuer's awards, and read the records.</summary>
    public const string ClrsIssue = "clrs:issue";

    /// <summary>Every scope.</summary>
    public static readonly IReadOnlyList<string> All = [IssuersAdmin, AchievementsWrite, AwardsIssue, AwardsRevoke, AwardsRead, AuditRead, SubmissionsWrite, SubmissionsRead, AssessorsWrite, ReviewsWrite, EndorsementsIssue, ClrsIssue];
}
