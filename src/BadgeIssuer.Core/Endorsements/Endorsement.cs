namespace BadgeIssuer.Core.Endorsements;

/// <summary>
/// A signed OB 3.0 <c>EndorsementCredential</c> (§B.1.5) one issuer of this service made of another's achievement or
/// profile: its id (<c>urn:uuid:</c>), the endorsing issuer, when, and the credential JSON with its proof. It is kept
/// with what it endorses, so the public document and every badge issued afterwards carry it in <c>endorsement</c>
/// without another read. An endorser has at most one endorsement of a thing; endorsing again replaces it.
/// </summary>
public sealed record Endorsement(string Id, string EndorserId, DateTimeOffset At, string CredentialJson)
{
    /// <summary>The most endorsements one achievement or profile keeps: each is checked whenever a badge carrying it is verified.</summary>
    public const int MaxPerTarget = 8;
}
