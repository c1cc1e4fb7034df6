// RFC 3986 §3 (syntax) and §5.2 (reference resolution), as JSON-LD 1.1 §5.2 (IRI Expansion) uses them.
namespace BadgeIssuer.LinkedData.JsonLd;

/// <summary>
/// IRI helpers: absolute-IRI tests and RFC 3986 reference resolution (System.Uri normalises too much).
/// <see cref="IsWellFormedAbsolute"/> is the one rule for an IRI that becomes an RDF term: the canonicalizer applies
/// it, and a service that accepts IRIs for signing checks them with it, so nothing it accepts fails at signing.
/// </summary>
public static class Iri
{
    /// <summary>True when <paramref name="value"/> starts with a scheme (RFC 3986 §3.1) followed by ':'.</summary>
    internal static bool IsAbsolute(string value)
    {
        int colon = value.IndexOf(':', StringComparison.Ordinal);
        if (colon < 1 || !char.IsAsciiLetter(value[0])) return false;
        for (int i = 1; i < colon; i++)
            if (!(char.IsAsciiLetterOrDigit(value[i]) || value[i] is '+' or '-' or '.')) return false;
        return true;
    }

    /// <summary>
    /// True for an absolute IRI that RDF can hold: a scheme (RFC 3986 §3.1), no spaces, controls or characters RFC 3987
    /// excludes (<c>&lt;&gt;"{}|\^`</c>), at most one <c>#</c>. Expansion keeps other strings; deserialization to RDF
    /// drops them (JSON-LD 1.1 §8.1.2), and safe mode fails on them.
    /// </summary>
    public static bool IsWellFormedAbsolute(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!IsAbsolute(value)) return false;
        int hashes = 0;
        foreach (char c in value)
        {
            if (c <= ' ' || c is '<' or '>' or '"' or '{' or '}' or '|' or '\\' or '^' or '`') return false;
            if (c == '#' && ++hashes > 1) return false;
        }
        return true;
    }

    /// <summary>True for an absolute IRI or a blank node identifier.</summary>
    internal static bool IsAbsoluteOrBlank(string value) => value.StartsWith("_:", StringComparison.Ordinal) || IsAbsolute(value);

    /// <summary>Resolves <paramref name="reference"/> against <paramref name="baseIri"/> (RFC 3986 §5.2.2); no base leaves it as is.</summary>
    internal static string Resolve(string? baseIri, string reference)
    {
        if (baseIri is null) return reference;
        if (IsAbsolute(reference)) return Recompose(Split(reference), removeDots: true);
        (string? bScheme, string? bAuthority, string bPath, string? bQuery, _) = Split(baseIri);
        Parts r = SplitRelative(reference);
        string? authority, path, query;
        if (r.Authority is not null)
        {
            authority = r.Authority;
            path = RemoveDotSegments(r.Path);
            query = r.Query;
        }
        else
        {
            if (r.Path.Length == 0)
            {
                path = bPath;
                query = r.Query ?? bQuery;
            }
            else
            {
                path = r.Path.StartsWith('/') ? RemoveDotSegments(r.Path) : RemoveDotSegments(Merge(bAuthority, bPath, r.Path));
                query = r.Query;
            }
            authority = bAuthority;
        }
        return Recompose(new Parts(bScheme, authority, path, query, r.Fragment), removeDots: false);
    }

    private readonly record struct Parts(string? Scheme, string? Authority, string Path, string? Query, string? Fragment);

    private static Parts Split(string iri)
    {
        int colon = iri.IndexOf(':', StringComparison.Ordinal);
        Parts rest = SplitRelative(iri[(colon + 1)..]);
        return rest with { Scheme = iri[..colon] };
    }

    private static Parts SplitRelative(string reference)
    {
        string? fragment = null, query = null, authority = null;
        int hash = reference.IndexOf('#', StringComparison.Ordinal);
        if (hash >= 0)
        {
            fragment = reference[(hash + 1)..];
            reference = reference[..hash];
        }
        int question = reference.IndexOf('?', StringComparison.Ordinal);
        if (question >= 0)
        {
            query = reference[(question + 1)..];
            reference = reference[..question];
        }
        if (reference.StartsWith("//", StringComparison.Ordinal))
        {
            int slash = reference.IndexOf('/', 2);
            authority = slash < 0 ? reference[2..] : reference[2..slash];
            reference = slash < 0 ? "" : reference[slash..];
        }
        return new Parts(null, authority, reference, query, fragment);
    }

    private static string Merge(string? baseAuthority, string basePath, string referencePath)
    {
        if (baseAuthority is not null && basePath.Length == 0) return "/" + referencePath;
        int slash = basePath.LastIndexOf('/');
        return slash < 0 ? referencePath : basePath[..(slash + 1)] + referencePath;
    }

    /// <summary>RFC 3986 §5.2.4.</summary>
    private static string RemoveDotSegments(string input)
    {
        System.Text.StringBuilder output = new();
        while (input.Length > 0)
        {
            if (input.StartsWith("../", StringComparison.Ordinal)) input = input[3..];
            else if (input.StartsWith("./", StringComparison.Ordinal)) input = input[2..];
            else if (input.StartsWith("/./", StringComparison.Ordinal)) input = input[2..];
            else if (input == "/.") input = "/";
            else if (input.StartsWith("/../", StringComparison.Ordinal) || input == "/..")
            {
                input = input == "/.." ? "/" : input[3..];
                string current = output.ToString();
                int last = current.LastIndexOf('/');
                output.Clear().Append(last < 0 ? "" : current[..last]);
            }
            else if (input is "." or "..") input = "";
            else
            {
                int start = input.StartsWith('/') ? 1 : 0;
                int next = input.IndexOf('/', start);
                if (next < 0) next = input.Length;
                output.Append(input[..next]);
                input = input[next..];
            }
        }
        return output.ToString();
    }

    private static string Recompose(Parts p, bool removeDots)
    {
        System.Text.StringBuilder result = new();
        if (p.Scheme is not null) result.Append(p.Scheme).Append(':');
        if (p.Authority is not null) result.Append("//").Append(p.Authority);
        result.Append(removeDots && p.Authority is not null ? RemoveDotSegments(p.Path) : p.Path);
        if (p.Query is not null) result.Append('?').Append(p.Query);
        if (p.Fragment is not null) result.Append('#').Append(p.Fragment);
        return result.ToString();
    }
}
