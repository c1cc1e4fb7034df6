// RDF 1.1 N-Quads (W3C Recommendation 25 February 2014) §4 grammar, with RDF 1.2 base direction on language tags.
using System.Globalization;
using System.Text;

namespace BadgeIssuer.LinkedData.Rdf;

/// <summary>Thrown for N-Quads that do not follow the grammar; <see cref="Line"/> and <see cref="Column"/> are 1-based.</summary>
public sealed class NQuadsParseException(string message, int line, int column)
    : LinkedDataException($"{message} (line {line}, column {column})")
{
    /// <summary>The line of the error.</summary>
    public int Line { get; } = line;

    /// <summary>The column of the error.</summary>
    public int Column { get; } = column;
}

/// <summary>Reads N-Quads into an <see cref="RdfDataset"/>.</summary>
public static class NQuadsReader
{
    /// <summary>Parses a whole N-Quads document; <paramref name="generalized"/> also accepts blank node predicates (generalized RDF).</summary>
    public static RdfDataset Parse(string text, bool generalized = false)
    {
        ArgumentNullException.ThrowIfNull(text);
        RdfDataset dataset = new();
        int lineNumber = 0;
        foreach (string raw in text.Split('\n'))
        {
            lineNumber++;
            string line = raw.EndsWith('\r') ? raw[..^1] : raw;
            Cursor cursor = new(line, lineNumber);
            cursor.SkipWhitespace();
            if (cursor.AtEndOrComment) continue;
            RdfTerm subject = cursor.ReadTerm(allowLiteral: false, "subject");
            RdfTerm predicate = cursor.ReadTerm(allowLiteral: false, "predicate");
            if (predicate is not IriTerm && !generalized) throw cursor.Error("The predicate must be an IRI.");
            RdfTerm obj = cursor.ReadTerm(allowLiteral: true, "object");
            cursor.SkipWhitespace();
            RdfTerm? graph = null;
            if (!cursor.Peek('.')) graph = cursor.ReadTerm(allowLiteral: false, "graph label");
            cursor.SkipWhitespace();
            cursor.Expect('.');
            cursor.SkipWhitespace();
            if (!cursor.AtEndOrComment) throw cursor.Error("Unexpected text after the end of the statement.");
            dataset.Add(new Quad(subject, predicate, obj, graph));
        }
        return dataset;
    }

    private ref struct Cursor(string line, int lineNumber)
    {
        private readonly string _line = line;
        private readonly int _lineNumber = lineNumber;
        private int _position;

        public readonly bool AtEndOrComment => _position >= _line.Length || _line[_position] == '#';

        public readonly bool Peek(char c) => _position < _line.Length && _line[_position] == c;

        public readonly NQuadsParseException Error(string message) => new(message, _lineNumber, _position + 1);

        public void SkipWhitespace()
        {
            while (_position < _line.Length && _line[_position] is ' ' or '\t') _position++;
        }

        public void Expect(char c)
        {
            if (!Peek(c)) throw Error($"Expected '{c}'.");
            _position++;
        }

        public RdfTerm ReadTerm(bool allowLiteral, string role)
        {
            SkipWhitespace();
            if (_position >= _line.Length) throw Error($"Expected the {role}.");
            return _line[_position] switch
            {
                '<' => new IriTerm(ReadIri()),
                '_' => new BlankNodeTerm(ReadBlankNode()),
                '"' when allowLiteral => ReadLiteral(),
                _ => throw Error($"Expected the {role}: an IRI <...>{(allowLiteral ? ", a literal \"...\"" : "")} or a blank node _:label."),
            };
        }

        private string ReadIri()
        {
            _position++;
            StringBuilder iri = new();
            while (true)
            {
                if (_position >= _line.Length) throw Error("Unterminated IRI.");
                char c = _line[_position];
                if (c == '>') break;
                if (c == '\\')
                {
                    AppendUnicodeEscape(iri);
                    continue;
                }
                if (c <= ' ' || c is '<' or '"' or '{' or '}' or '|' or '^' or '`') throw Error($"The character U+{(int)c:X4} is not allowed in an IRI.");
                iri.Append(c);
                _position++;
            }
            _position++;
            string value = iri.ToString();
            if (value.IndexOf(':', StringComparison.Ordinal) < 1) throw Error($"'{value}' is not an absolute IRI.");
            return value;
        }

        private string ReadBlankNode()
        {
            if (_position + 1 >= _line.Length || _line[_position + 1] != ':') throw Error("A blank node label starts with '_:'.");
            _position += 2;
            int start = _position;
            while (_position < _line.Length && (char.IsLetterOrDigit(_line[_position]) || _line[_position] is '_' or '-' or '.' or '\u00B7' || char.IsSurrogate(_line[_position])))
                _position++;
            while (_position > start && _line[_position - 1] == '.') _position--;
            if (_position == start || _line[start] is '-' or '.') throw Error("Invalid blank node label.");
            return _line[start.._position];
        }

        private LiteralTerm ReadLiteral()
        {
            _position++;
            StringBuilder value = new();
            while (true)
            {
                if (_position >= _line.Length) throw Error("Unterminated string literal.");
                char c = _line[_position];
                if (c == '"') break;
                if (c == '\\')
                {
                    char next = _position + 1 < _line.Length ? _line[_position + 1] : '\0';
                    string? simple = next switch { 't' => "\t", 'b' => "\b", 'n' => "\n", 'r' => "\r", 'f' => "\f", '"' => "\"", '\'' => "'", '\\' => "\\", _ => null };
                    if (simple is not null)
                    {
                        value.Append(simple);
                        _position += 2;
                    }
                    else AppendUnicodeEscape(value);
                    continue;
                }
                value.Append(c);
                _position++;
            }
            _position++;
            if (Peek('@'))
            {
                _position++;
                int start = _position;
                while (_position < _line.Length && (char.IsAsciiLetterOrDigit(_line[_position]) || _line[_position] == '-')) _position++;
                string tag = _line[start.._position];
                string? direction = null;
                int split = tag.IndexOf("--", StringComparison.Ordinal);
                if (split >= 0)
                {
                    direction = tag[(split + 2)..];
                    tag = tag[..split];
                    if (direction is not ("ltr" or "rtl")) throw Error("A base direction must be ltr or rtl.");
                }
                if (tag.Length == 0 || !char.IsAsciiLetter(tag[0])) throw Error("Invalid language tag.");
                return new LiteralTerm(value.ToString(), RdfVocabulary.RdfLangString, tag, direction);
            }
            if (Peek('^'))
            {
                if (_position + 1 >= _line.Length || _line[_position + 1] != '^') throw Error("A datatype is written ^^<IRI>.");
                _position += 2;
                if (!Peek('<')) throw Error("A datatype is written ^^<IRI>.");
                return new LiteralTerm(value.ToString(), ReadIri());
            }
            return new LiteralTerm(value.ToString(), RdfVocabulary.XsdString);
        }

        private void AppendUnicodeEscape(StringBuilder target)
        {
            char kind = _position + 1 < _line.Length ? _line[_position + 1] : '\0';
            int digits = kind switch { 'u' => 4, 'U' => 8, _ => throw Error("Invalid escape sequence.") };
            if (_position + 2 + digits > _line.Length
                || !int.TryParse(_line.AsSpan(_position + 2, digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int codePoint)
                || codePoint is < 0 or > 0x10FFFF or (>= 0xD800 and <= 0xDFFF))
                throw Error("Invalid \\u or \\U escape.");
            target.Append(char.ConvertFromUtf32(codePoint));
            _position += 2 + digits;
        }
    }
}
