namespace BadgeIssuer.Core.Claims;

/// <summary>How a learner claimed an award into a wallet (<see cref="Awards.AwardHolder.Via"/>).</summary>
public static class ClaimChannels
{
    /// <summary>The Learner Credential Wallet's deep link (DIDAuth to the exchange's request URL).</summary>
    public const string Lcw = "lcw";

    /// <summary>A VC-API exchange (a DIDAuthentication presentation request).</summary>
    public const string VcApi = "vc-api";

    /// <summary>OpenID for Verifiable Credential Issuance 1.0, pre-authorized code flow.</summary>
    public const string Oid4Vci = "oid4vci";
}
