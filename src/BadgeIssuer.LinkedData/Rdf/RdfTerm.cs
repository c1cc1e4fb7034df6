// RDF 1.1 Concepts and Abstract Syntax §3 (RDF graphs) and §4 (RDF datasets); RDF 1.2 adds base direction.
namespace BadgeIssuer.LinkedData.Rdf;

/// <summary>An RDF term: an IRI, a blank node or a literal (RDF 1.1 Concepts §3.1).</summary>
public abstract record RdfTerm;

/// <summary>An absolute IRI (RDF 1.1 Concepts §3.2). The value is stored as given, without the angle brackets.</summary>
/// <param name="Value">The IRI.</param>
public sealed record IriTerm(string Value) : RdfTerm
{
    /// <inheritdoc />
    public override string ToString() => "<" + Value + ">";
}

/// <summary>A blank node (RDF 1.1 Concepts §3.4), identified by a label local to its dataset, without the <c>_:</c> prefix.</summary>
/// <param name="Label">The blank node label.</param>
public sealed record BlankNodeTerm(string Label) : RdfTerm
{
    /// <inheritdoc />
    public override string ToString() => "_:" + Label;
}

/// <summary>
/// A literal (RDF 1.1 Concepts §3.3): a lexical form with a datatype IRI, and a language tag for
/// <c>rdf:langString</c> (plus a base direction for <c>rdf:dirLangString</c> in RDF 1.2).
/// </summary>
/// <param name="LexicalForm">The lexical form, a Unicode string.</param>
/// <param name="Datatype">The datatype IRI; <see cref="RdfVocabulary.XsdString"/> for simple literals.</param>
/// <param name="Language">The language tag, or <c>null</c>.</param>
/// <param name="Direction">The base direction (<c>ltr</c> or <c>rtl</c>), or <c>null</c>.</param>
public sealed record LiteralTerm(string LexicalForm, string Datatype, string? Language = null, string? Direction = null) : RdfTerm;

/// <summary>Well-known IRIs of the RDF and XSD vocabularies.</summary>
public static class RdfVocabulary
{
    /// <summary>The RDF namespace.</summary>
    public const string Rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
    /// <summary>The XML Schema datatypes namespace.</summary>
    public const string Xsd = "http://www.w3.org/2001/XMLSchema#";
    /// <summary><c>rdf:type</c>.</summary>
    public const string RdfType = Rdf + "type";
    /// <summary><c>rdf:first</c>.</summary>
    public const string RdfFirst = Rdf + "first";
    /// <summary><c>rdf:rest</c>.</summary>
    public const string RdfRest = Rdf + "rest";
    /// <summary><c>rdf:nil</c>.</summary>
    public const string RdfNil = Rdf + "nil";
    /// <summary><c>rdf:langString</c>.</summary>
    public const string RdfLangString = Rdf + "langString";
    /// <summary><c>rdf:JSON</c>.</summary>
    public const string RdfJson = Rdf + "JSON";
    /// <summary><c>xsd:string</c>.</summary>
    public const string XsdString = Xsd + "string";
    /// <summary><c>xsd:boolean</c>.</summary>
    public const string XsdBoolean = Xsd + "boolean";
    /// <summary><c>xsd:integer</c>.</summary>
    public const string XsdInteger = Xsd + "integer";
    /// <summary><c>xsd:double</c>.</summary>
    public const string XsdDouble = Xsd + "double";
}
