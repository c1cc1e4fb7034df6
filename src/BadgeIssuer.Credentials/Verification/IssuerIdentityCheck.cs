// Who vouches for the issuer. Key provenance ties the signing key to the issuer's id; only someone behind that id — this
// service's own records, or a domain that publishes the key in its controller document (https, did:web) — ties the id
// to a name. A did:key is a key and nothing more (W3C did:key method: no registry, no domain): anyone can make one and
// write any issuer name into the credentials it signs.
using System.Text.Json.Nodes;
using BadgeIssuer.Credentials.Proofs.Jose;
using static BadgeIssuer.Credentials.Verification.VerificationCodes;

namespace BadgeIssuer.Credentials.Verification;

/// <summary>Whether anyone but the credential itself stands behind the issuer's identity.</summary>
public enum IssuerIdentityStatus
{
    /// <summary>This service, or the domain behind the issuer's id, publishes the signing key as the issuer's.</summary>
    Proven,
    /// <summary>Nothing but the credential says who the issuer is: its name is only claimed.</summary>
    Claimed,
}

/// <summary>Who showed that the signing key is the issuer's, and how.</summary>
/// <param name="Name">The party that vouches: this service, or a host name.</param>
/// <param name="How">What it did, as the end of a sentence.</param>
internal sealed record IssuerVoucher(string Name, string How)
{
    /// <summary>The key is one of this service's own issuers' keys.</summary>
    public static readonly IssuerVoucher ThisService = new("This service", "the issuer is one it hosts, and the signing key is in its own records");

    /// <summary>The issuer's controller document, fetched from an allow-listed host, lists the key.</summary>
    public static IssuerVoucher ControllerDocument(Uri url) => new(url.Host, $"the issuer's controller document at {url} lists the signing key for issuing");
}

/// <summary>The <c>issuer-identity</c> check: it follows key provenance and says whether the issuer's name is proven.</summary>
internal static class IssuerIdentityCheck
{
    /// <summary>
    /// <paramref name="provenance"/> is the key provenance check; <paramref name="voucher"/> who established it
    /// (<c>null</c> when the key proved only itself, as a did:key issuer's does).
    /// </summary>
    public static VerificationCheck Run(JsonObject credential, VerificationCheck provenance, IssuerVoucher? voucher)
    {
        string? issuerId = VcJwt.IssuerId(credential);
        string? name = credential["issuer"] is JsonObject issuer ? JsonText.Of(issuer["name"]) : null;
        string named = name is null ? "" : $" “{name}”";
        if (provenance.Status != CheckStatus.Passed)
            return new(Checks.IssuerIdentity, CheckStatus.Skipped, IssuerIdentityUnproven,
                $"The signing key was not shown to be the issuer's, so nothing vouches for the issuer{named}: {(name is null ? "who it is" : "its name")} is only claimed.");
        if (voucher is not null)
            return new(Checks.IssuerIdentity, CheckStatus.Passed, IssuerIdentityProven, $"{voucher.Name} vouches for the issuer{named}: {voucher.How}.");
        string what = issuerId is not null && issuerId.StartsWith("did:key:", StringComparison.Ordinal)
            ? $"The issuer {issuerId} is a bare did:key, which anyone can make and call anything"
            : $"Nothing but the credential itself stands behind the issuer {issuerId ?? "(none)"}";
        return new(Checks.IssuerIdentity, CheckStatus.Passed, IssuerIdentityUnproven, name is null
            ? $"{what}. The signature and key are fine, but no domain or registry vouches for who is behind it."
            : $"{what}: the name “{name}” is only claimed. The signature and key are fine, but no domain or registry vouches for the name.");
    }
}
