// Base58 with the Bitcoin alphabet, as used by multibase ("z" prefix): draft-msporny-base58-03.
namespace BadgeIssuer.Credentials.Codecs;

/// <summary>Base58 with the Bitcoin alphabet (multibase prefix <c>z</c> is not included).</summary>
public static class Base58Btc
{
    private const string Alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    private static readonly sbyte[] Values = BuildValues();

    /// <summary>Encodes bytes; each leading zero byte becomes a leading '1'.</summary>
    public static string Encode(ReadOnlySpan<byte> data)
    {
        int zeros = 0;
        while (zeros < data.Length && data[zeros] == 0) zeros++;
        // log(256) / log(58) ≈ 1.366: an upper bound on the digits needed.
        int size = (data.Length - zeros) * 138 / 100 + 1;
        Span<byte> digits = size <= 512 ? stackalloc byte[size] : new byte[size];
        int length = 0;
        for (int i = zeros; i < data.Length; i++)
        {
            int carry = data[i];
            for (int j = 0; j < length; j++)
            {
                carry += digits[j] << 8;
                digits[j] = (byte)(carry % 58);
                carry /= 58;
            }
            while (carry > 0)
            {
                digits[length++] = (byte)(carry % 58);
                carry /= 58;
            }
        }
        char[] result = new char[zeros + length];
        for (int i = 0; i < zeros; i++) result[i] = '1';
        for (int i = 0; i < length; i++) result[zeros + i] = Alphabet[digits[length - 1 - i]];
        return new string(result);
    }

    /// <summary>Decodes text; throws <see cref="FormatException"/> naming the first character outside the alphabet.</summary>
    public static byte[] Decode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int ones = 0;
        while (ones < text.Length && text[ones] == '1') ones++;
        int size = (text.Length - ones) * 733 / 1000 + 1;
        byte[] bytes = new byte[size];
        int length = 0;
        for (int i = ones; i < text.Length; i++)
        {
            char c = text[i];
            int value = c < 128 ? Values[c] : -1;
            if (value < 0) throw new FormatException($"'{c}' at position {i} is not a base58btc character.");
            int carry = value;
            for (int j = 0; j < length; j++)
            {
                carry += bytes[j] * 58;
                bytes[j] = (byte)carry;
                carry >>= 8;
            }
            while (carry > 0)
            {
                bytes[length++] = (byte)carry;
                carry >>= 8;
            }
        }
        byte[] result = new byte[ones + length];
        for (int i = 0; i < length; i++) result[ones + i] = bytes[length - 1 - i];
        return result;
    }

    private static sbyte[] BuildValues()
    {
        sbyte[] values = new sbyte[128];
        Array.Fill(values, (sbyte)-1);
        for (int i = 0; i < Alphabet.Length; i++) values[Alphabet[i]] = (sbyte)i;
        return values;
    }
}
