// ECMA-262 §6.1.6.1.20 Number::toString(x), as RFC 8785 §3.2.2.3 requires for JSON numbers.
using System.Globalization;

namespace BadgeIssuer.LinkedData.Jcs;

/// <summary>Formats IEEE-754 doubles exactly as ECMAScript's <c>Number.prototype.toString()</c> does.</summary>
public static class EcmaScriptNumber
{
    /// <summary>The ECMAScript string of <paramref name="value"/>; NaN and infinities have none in JSON.</summary>
    /// <exception cref="JcsException">The value is NaN or infinite.</exception>
    public static string ToString(double value)
    {
        if (!double.IsFinite(value)) throw new JcsException($"{value} cannot be represented in JSON (RFC 8785 §3.2.2.3).");
        // Step 1-2: +0 and -0 are "0".
        if (value == 0) return "0";
        if (value < 0) return "-" + ToString(-value);

        // Step 5: the shortest digits s (k of them) and n with s × 10^(n−k) = value. .NET's "R" gives the shortest
        // round-trip digits; only their layout differs from ECMAScript.
        string r = value.ToString("R", CultureInfo.InvariantCulture);
        int e = r.IndexOf('E', StringComparison.Ordinal);
        string mantissa = e < 0 ? r : r[..e];
        int exponent = e < 0 ? 0 : int.Parse(r.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        int dot = mantissa.IndexOf('.', StringComparison.Ordinal);
        string digits = dot < 0 ? mantissa : mantissa.Remove(dot, 1);
        int n = (dot < 0 ? mantissa.Length : dot) + exponent;
        int leading = 0;
        while (leading < digits.Length - 1 && digits[leading] == '0') leading++;
        digits = digits[leading..];
        n -= leading;
        digits = digits.TrimEnd('0');
        int k = digits.Length;

        // Step 6: k ≤ n ≤ 21 → the digits followed by n−k zeros.
        if (k <= n && n <= 21) return digits + new string('0', n - k);
        // Step 7: 0 < n ≤ 21 → a decimal point inside the digits.
        if (0 < n && n <= 21) return digits[..n] + "." + digits[n..];
        // Step 8: −6 < n ≤ 0 → "0." then −n zeros then the digits.
        if (-6 < n && n <= 0) return "0." + new string('0', -n) + digits;
        // Steps 9-10: exponential notation, with an explicit sign on the exponent.
        int exp = n - 1;
        string sign = exp < 0 ? "-" : "+";
        string head = k == 1 ? digits : digits[..1] + "." + digits[1..];
        return head + "e" + sign + Math.Abs(exp).ToString(CultureInfo.InvariantCulture);
    }
}
