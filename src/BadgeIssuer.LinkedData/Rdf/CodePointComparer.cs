// RDFC-1.0 §4.4 and RDF canonical N-Quads sort "in Unicode code point order"; .NET strings are UTF-16, whose
// ordinal order puts U+E000..U+FFFF after supplementary characters (surrogates D800..DFFF). This fixes that up.
namespace BadgeIssuer.LinkedData.Rdf;

/// <summary>Compares strings by Unicode code point, as the RDF specifications mean by "code point order".</summary>
public sealed class CodePointComparer : IComparer<string>
{
    /// <summary>The shared instance.</summary>
    public static readonly CodePointComparer Instance = new();

    /// <inheritdoc />
    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y)) return 0;
        if (x is null) return -1;
        if (y is null) return 1;
        int length = Math.Min(x.Length, y.Length);
        int i = x.AsSpan(0, length).CommonPrefixLength(y.AsSpan(0, length));
        if (i == length) return x.Length.CompareTo(y.Length);
        return Weight(x[i]).CompareTo(Weight(y[i]));
    }

    /// <summary>Surrogates (which start supplementary code points) must sort above every BMP character.</summary>
    private static int Weight(char c) => c switch
    {
        >= '\uD800' and <= '\uDFFF' => c + 0x2000,
        >= '\uE000' => c - 0x800,
        _ => c,
    };
}
