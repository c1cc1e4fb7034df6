// did:key Method v0.7 (W3C CCG): did:key:<publicKeyMultibase>; the verification method is did:key:z...#z....
namespace BadgeIssuer.Credentials.Keys;

/// <summary>An Ed25519 <c>did:key</c>: the DID is the key, so it needs no resolution.</summary>
/// <param name="Did">The DID, <c>did:key:z6Mk...</c>.</param>
/// <param name="Ed25519PublicKey">The 32-byte public key.</param>
public sealed record DidKey(string Did, byte[] Ed25519PublicKey)
{
    private const string Prefix = "did:key:";

    /// <summary>The verification method id, <c>did:key:z6Mk...#z6Mk...</c>.</summary>
    public string VerificationMethodId => Did + "#" + Did[Prefix.Length..];

    /// <summary>Parses a <c>did:key</c> or a DID URL of one (with a fragment equal to the key); false for anything else.</summary>
    public static bool TryParse(string? didOrDidUrl, out DidKey? key)
    {
        key = null;
        if (!TrySplit(didOrDidUrl, out string did, out string publicKeyMultibase)) return false;
        try
        {
            key = new DidKey(did, Multikey.DecodeEd25519PublicKey(publicKeyMultibase));
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>
    /// Splits a <c>did:key</c> or a DID URL of one into the DID and its <c>publicKeyMultibase</c>, whatever key type
    /// that encodes; false when it is no did:key or its fragment is not the key (§3.1.2: the fragment is the
    /// multibase value again).
    /// </summary>
    public static bool TrySplit(string? didOrDidUrl, out string did, out string publicKeyMultibase)
    {
        did = "";
        publicKeyMultibase = "";
        if (didOrDidUrl is null || !didOrDidUrl.StartsWith(Prefix, StringComparison.Ordinal)) return false;
        string candidate = didOrDidUrl;
        int hash = didOrDidUrl.IndexOf('#', StringComparison.Ordinal);
        if (hash >= 0)
        {
            candidate = didOrDidUrl[..hash];
            if (!string.Equals(didOrDidUrl[(hash + 1)..], candidate[Prefix.Length..], StringComparison.Ordinal)) return false;
        }
        did = candidate;
        publicKeyMultibase = candidate[Prefix.Length..];
        return true;
    }
}
