// SEC 1 v2 §2.3.4 (Octet-String-to-Elliptic-Curve-Point, compressed form) for NIST P-256 (FIPS 186-5, SEC 2 §2.4.2):
// y² = x³ − 3x + b over GF(p); since p ≡ 3 (mod 4), the square root is (y²)^((p+1)/4) mod p. RFC 7518 §6.2.1 (EC JWK).
using System.Globalization;
using System.Numerics;
using System.Text.Json.Nodes;
using BadgeIssuer.Credentials.Codecs;

namespace BadgeIssuer.Credentials.Keys;

/// <summary>Turns compressed P-256 points (as did:key and Multikey carry them) into public JWKs.</summary>
public static class P256
{
    private static readonly BigInteger Prime = BigInteger.Parse("0ffffffff00000001000000000000000000000000ffffffffffffffffffffffff", NumberStyles.HexNumber, CultureInfo.InvariantCulture);
    private static readonly BigInteger B = BigInteger.Parse("05ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b", NumberStyles.HexNumber, CultureInfo.InvariantCulture);
    private const int CoordinateSize = 32;

    /// <summary>
    /// The public JWK (<c>kty</c> EC, <c>crv</c> P-256, <c>x</c>, <c>y</c>) of a 33-byte compressed point;
    /// <see cref="FormatException"/> when the prefix is not 0x02 or 0x03 or no point of the curve has that x.
    /// </summary>
    public static JsonObject Decompress(ReadOnlySpan<byte> compressed)
    {
        if (compressed.Length != 1 + CoordinateSize || compressed[0] is not (0x02 or 0x03))
            throw new FormatException("A compressed P-256 point is 33 bytes starting with 0x02 or 0x03.");
        BigInteger x = new(compressed[1..], isUnsigned: true, isBigEndian: true);
        if (x >= Prime) throw new FormatException("The P-256 x coordinate is not below the field prime.");
        BigInteger ySquared = Mod(BigInteger.ModPow(x, 3, Prime) - 3 * x + B);
        BigInteger y = BigInteger.ModPow(ySquared, (Prime + 1) / 4, Prime);
        if (BigInteger.ModPow(y, 2, Prime) != ySquared) throw new FormatException("The compressed point is not on the P-256 curve.");
        if (y.IsEven != (compressed[0] == 0x02)) y = Prime - y;
        return new JsonObject
        {
            ["kty"] = "EC",
            ["crv"] = "P-256",
            ["x"] = Base64Url.Encode(compressed[1..]),
            ["y"] = Base64Url.Encode(Coordinate(y)),
        };
    }

    private static BigInteger Mod(BigInteger value)
    {
        BigInteger r = value % Prime;
        return r.Sign < 0 ? r + Prime : r;
    }

    private static byte[] Coordinate(BigInteger value)
    {
        byte[] bytes = value.ToByteArray(isUnsigned: true, isBigEndian: true);
        if (bytes.Length == CoordinateSize) return bytes;
        byte[] padded = new byte[CoordinateSize];
        bytes.CopyTo(padded, CoordinateSize - bytes.Length);
        return padded;
    }
}
