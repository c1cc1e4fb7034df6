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
        if (didOrDidUrl is null || !didOrDidUrl.StartsWith(Prefix, StringComparison.Ordinal)) return false;
        string did = didOrDidUrl;
        int hash = didOrDidUrl.IndexOf('#', StringComparison.Ordinal);
        if (hash >= 0)
        {
            did = didOrDidUrl[..hash];
            if (!string.Equals(didOrDidUrl[(hash + 1)..], did[Prefix.Length..], StringComparison.Ordinal)) return false;
        }
        try
        {
            key = new DidKey(did, Multikey.DecodeEd25519PublicKey(did[Prefix.Length..]));
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
