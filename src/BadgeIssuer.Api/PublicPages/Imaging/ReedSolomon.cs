// ISO/IEC 18004:2015 §7.5.2: Reed–Solomon error correction codewords over GF(2^8) with the field polynomial
// x^8 + x^4 + x^3 + x^2 + 1 (0x11D); the generator polynomial has the roots α^0 … α^(n−1).
namespace BadgeIssuer.Api.PublicPages.Imaging;

/// <summary>Reed–Solomon error correction codewords for QR codes.</summary>
internal static class ReedSolomon
{
    /// <summary>The generator polynomial of degree <paramref name="degree"/>, highest coefficient (always 1) left out.</summary>
    public static byte[] Generator(int degree)
    {
        byte[] coefficients = new byte[degree];
        coefficients[degree - 1] = 1;
        byte root = 1;
        for (int i = 0; i < degree; i++)
        {
            for (int j = 0; j < degree; j++)
            {
                coefficients[j] = Multiply(coefficients[j], root);
                if (j + 1 < degree) coefficients[j] ^= coefficients[j + 1];
            }
            root = Multiply(root, 0x02);
        }
        return coefficients;
    }

    /// <summary>The remainder of the data polynomial times x^degree divided by the generator: the EC codewords.</summary>
    public static byte[] Remainder(ReadOnlySpan<byte> data, byte[] generator)
    {
        byte[] remainder = new byte[generator.Length];
        foreach (byte b in data)
        {
            byte factor = (byte)(b ^ remainder[0]);
            Array.Copy(remainder, 1, remainder, 0, remainder.Length - 1);
            remainder[^1] = 0;
            for (int i = 0; i < remainder.Length; i++) remainder[i] ^= Multiply(generator[i], factor);
        }
        return remainder;
    }

    /// <summary>Multiplication in GF(2^8) modulo 0x11D (Russian-peasant, no tables).</summary>
    public static byte Multiply(byte x, byte y)
    {
        int product = 0;
        for (int i = 7; i >= 0; i--)
        {
            product = (product << 1) ^ ((product >> 7) * 0x11D);
            product ^= ((y >> i) & 1) * x;
        }
        return (byte)product;
    }
}
