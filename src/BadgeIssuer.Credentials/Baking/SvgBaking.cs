// OB 3.0 §5.3.2 (SVG baking): xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0" on <svg>, and right after the
// start tag one <openbadges:credential>: a VC-JWT in its verify attribute, or the credential JSON in a CDATA body.
// For OB 2.0 consumers, Open Badges Baking 1.0 §SVG: an <openbadges:assertion verify="{hosted assertion URL}"/> in the
// OB 2.0 namespace http://openbadges.org, which declares its own prefix (the root's openbadges prefix is OB 3.0's).
// XML is read hardened: no DTD processing, no entity expansion, no resolver, bounded size.
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace BadgeIssuer.Credentials.Baking;

/// <summary>Bakes a credential into an SVG and reads it back out.</summary>
public static class SvgBaking
{
    /// <summary>The OB 3.0 namespace of the credential element.</summary>
    public const string Namespace = "https://purl.imsglobal.org/ob/v3p0";

    /// <summary>The largest SVG accepted, in characters.</summary>
    public const int MaxCharacters = 8 * 1024 * 1024;

    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";
    /// <summary>The Open Badges 2.0 namespace of the assertion element (Open Badges Baking 1.0).</summary>
    public const string Ob2Namespace = "http://openbadges.org";

    private static readonly XName CredentialElement = XName.Get("credential", Namespace);
    private static readonly XName AssertionElement = XName.Get("assertion", Ob2Namespace);

    /// <summary>True when <paramref name="bytes"/> look like XML text (after an optional BOM and whitespace, a '&lt;').</summary>
    public static bool LooksLikeSvg(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) bytes = bytes[3..];
        bytes = bytes.TrimStart((ReadOnlySpan<byte>)[(byte)' ', (byte)'\t', (byte)'\r', (byte)'\n']);
        return bytes.Length > 0 && bytes[0] == (byte)'<';
    }

    /// <summary>
    /// A copy of <paramref name="svg"/> carrying <paramref name="credential"/>: a compact JWS goes in the verify
    /// attribute, JSON in CDATA; and <paramref name="ob2AssertionUrl"/>, when given, as the OB 2.0 assertion element
    /// after it. Existing credential and assertion elements are replaced.
    /// </summary>
    public static string Bake(string svg, string credential, string? ob2AssertionUrl = null)
    {
        ArgumentNullException.ThrowIfNull(credential);
        XDocument document = Load(svg);
        XElement root = document.Root!;
        root.Descendants(CredentialElement).ToList().ForEach(e => e.Remove());
        root.Descendants(AssertionElement).ToList().ForEach(e => e.Remove());
        if (ob2AssertionUrl is not null)
            root.AddFirst(new XElement(AssertionElement, new XAttribute(XNamespace.Xmlns + "openbadges", Ob2Namespace), new XAttribute("verify", ob2AssertionUrl)));
        if (root.GetPrefixOfNamespace(Namespace) is null) root.SetAttributeValue(XNamespace.Xmlns + "openbadges", Namespace);
        string text = credential.Trim();
        XElement element = text.StartsWith('{')
            ? new XElement(CredentialElement, new XCData(text))
            : new XElement(CredentialElement, new XAttribute("verify", text));
        root.AddFirst(element);
        StringBuilder output = new();
        using (XmlWriter writer = XmlWriter.Create(output, new XmlWriterSettings { OmitXmlDeclaration = document.Declaration is null, Encoding = Encoding.UTF8 }))
            document.Save(writer);
        return output.ToString();
    }

    /// <summary>
    /// The credential text baked into <paramref name="svg"/>, or <c>null</c> when it carries none. Throws
    /// <see cref="BakingException"/> when the SVG is malformed, too large or declares entities.
    /// </summary>
    public static string? Unbake(string svg)
    {
        XElement? element = Load(svg).Root!.DescendantsAndSelf(CredentialElement).FirstOrDefault();
        if (element is null) return null;
        return element.Attribute("verify")?.Value is { Length: > 0 } jwt ? jwt.Trim() : element.Value.Trim();
    }

    /// <summary>The URL (or JWS) in the OB 2.0 assertion element's verify attribute, or <c>null</c> when there is none.</summary>
    public static string? UnbakeOb2(string svg) =>
        Load(svg).Root!.DescendantsAndSelf(AssertionElement).FirstOrDefault() is { } element
            ? element.Attribute("verify")?.Value.Trim() is { Length: > 0 } verify ? verify : element.Value.Trim()
            : null;

    private static XDocument Load(string svg)
    {
        ArgumentNullException.ThrowIfNull(svg);
        if (svg.Length > MaxCharacters)
            throw new BakingException(BakingCodes.TooLarge, $"The SVG is {svg.Length} characters; at most {MaxCharacters} are accepted.");
        if (HasInternalSubset(svg))
            throw new BakingException(BakingCodes.SvgDtdProhibited, "The SVG declares its own DTD entities; they are never expanded, so the image is refused.");
        XmlReaderSettings settings = new()
        {
            DtdProcessing = DtdProcessing.Ignore,
            XmlResolver = null,
            MaxCharactersInDocument = MaxCharacters,
            MaxCharactersFromEntities = 0,
            IgnoreProcessingInstructions = true,
        };
        try
        {
            using XmlReader reader = XmlReader.Create(new StringReader(svg), settings);
            XDocument document = XDocument.Load(reader, LoadOptions.PreserveWhitespace);
            if (document.Root is not { } root || root.Name != Svg + "svg")
                throw new BakingException(BakingCodes.SvgMalformed, "The image is XML but not an SVG (its root must be <svg> in the SVG namespace).");
            return document;
        }
        catch (XmlException ex)
        {
            throw new BakingException(BakingCodes.SvgMalformed, $"The SVG is not well-formed XML: {ex.Message}");
        }
    }

    /// <summary>True when a DOCTYPE carries an internal subset (<c>[ ... ]</c>), where entities are declared.</summary>
    private static bool HasInternalSubset(string svg)
    {
        int doctype = svg.IndexOf("<!DOCTYPE", StringComparison.Ordinal);
        if (doctype < 0) return false;
        bool inQuote = false;
        char quote = '\0';
        for (int i = doctype + 9; i < svg.Length; i++)
        {
            char c = svg[i];
            if (inQuote) { if (c == quote) inQuote = false; continue; }
            if (c is '"' or '\'') { inQuote = true; quote = c; continue; }
            if (c == '[') return true;
            if (c == '>') return false;
        }
        return false;
    }
}
