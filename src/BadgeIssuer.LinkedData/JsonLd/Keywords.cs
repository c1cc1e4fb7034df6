// JSON-LD 1.1 §1.7 (syntax tokens and keywords).
namespace BadgeIssuer.LinkedData.JsonLd;

internal static class Keywords
{
    public static readonly HashSet<string> All = new(StringComparer.Ordinal)
    {
        "@base", "@container", "@context", "@direction", "@graph", "@id", "@import", "@included", "@index", "@json",
        "@language", "@list", "@nest", "@none", "@prefix", "@propagate", "@protected", "@reverse", "@set", "@type",
        "@value", "@version", "@vocab",
    };

    public static bool IsKeyword(string? value) => value is not null && All.Contains(value);

    /// <summary>"@" followed by one or more ALPHA characters: reserved for future keywords, ignored with a warning.</summary>
    public static bool HasKeywordForm(string value)
    {
        if (value.Length < 2 || value[0] != '@') return false;
        for (int i = 1; i < value.Length; i++)
            if (!char.IsAsciiLetter(value[i])) return false;
        return true;
    }
}
