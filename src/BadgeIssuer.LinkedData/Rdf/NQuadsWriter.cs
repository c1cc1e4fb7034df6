// RDF Dataset Canonicalization (RDFC-1.0) §4.3 "canonical N-Quads": one space between terms, " ." and LF after
// every quad; literal escapes per RDF 1.1 N-Triples canonical form as amended by RDFC-1.0 (conformance NOTES §5).
using System.Globalization;
using System.Text;

namespace BadgeIssuer.LinkedData.Rdf;

/// <summary>Writes quads in canonical N-Quads form.</summary>
public static class NQuadsWriter
{
    /// <summary>One quad as a canonical N-Quads line, ending with LF.</summary>
    public static string Serialize(Quad quad)
    {
        ArgumentNullException.ThrowIfNull(quad);
        StringBuilder line = new(128);
        Append(line, quad);
        return line.ToString();
    }

    /// <summary>Appends one quad as a canonical N-Quads line, ending with LF.</summary>
    public static void Append(StringBuilder line, Quad quad)
    {
        ArgumentNullException.ThrowIfNull(line);
        ArgumentNullException.ThrowIfNull(quad);
        AppendTerm(line, quad.Subject);
        line.Append(' ');
        AppendTerm(line, quad.Predicate);
        line.Append(' ');
        AppendTerm(line, quad.Object);
        if (quad.Graph is not null)
        {
            line.Append(' ');
            AppendTerm(line, quad.Graph);
        }
        line.Append(" .\n");
    }

    /// <summary>Every quad of the dataset, one line each, in the dataset's order.</summary>
    public static string Serialize(RdfDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        StringBuilder text = new();
        foreach (Quad quad in dataset.Quads) Append(text, quad);
        return text.ToString();
    }

    /// <summary>Appends a term in canonical form.</summary>
    public static void AppendTerm(StringBuilder text, RdfTerm term)
    {
        ArgumentNullException.ThrowIfNull(text);
        switch (term)
        {
            case IriTerm iri:
                text.Append('<').Append(iri.Value).Append('>');
                break;
            case BlankNodeTerm blank:
                text.Append("_:").Append(blank.Label);
                break;
            case LiteralTerm literal:
                text.Append('"');
                AppendEscaped(text, literal.LexicalForm);
                text.Append('"');
                if (literal.Language is not null)
                {
                    text.Append('@').Append(literal.Language);
                    if (literal.Direction is not null) text.Append("--").Append(literal.Direction);
                }
                else if (!string.Equals(literal.Datatype, RdfVocabulary.XsdString, StringComparison.Ordinal))
                {
                    text.Append("^^<").Append(literal.Datatype).Append('>');
                }
                break;
            default:
                throw new ArgumentException($"Unknown RDF term type {term?.GetType().Name}.", nameof(term));
        }
    }

    private static void AppendEscaped(StringBuilder text, string value)
    {
        foreach (char c in value)
        {
            switch (c)
            {
                case '\b': text.Append("\\b"); break;
                case '\t': text.Append("\\t"); break;
                case '\n': text.Append("\\n"); break;
                case '\f': text.Append("\\f"); break;
                case '\r': text.Append("\\r"); break;
                case '"': text.Append("\\\""); break;
                case '\\': text.Append("\\\\"); break;
                case <= '\u001F' or '\u007F' or '\uFFFE' or '\uFFFF':
                    text.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                    break;
                default: text.Append(c); break;
            }
        }
    }
}
