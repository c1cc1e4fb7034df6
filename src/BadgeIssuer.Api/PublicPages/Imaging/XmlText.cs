// XML 1.0 (Fifth Edition) §2.2 Characters and §2.4 Character Data: text and attribute values in the SVG documents
// drawn here. Characters XML forbids (most C0 controls, lone surrogates, U+FFFE/U+FFFF) cannot even be written as
// character references, so they are dropped; other controls become spaces.
using System.Text;
using System.Xml;

namespace BadgeIssuer.Api.PublicPages.Imaging;

/// <summary>Escapes text for SVG element content and double-quoted attribute values.</summary>
internal static class XmlText
{
    /// <summary><paramref name="text"/> with <c>&amp; &lt; &gt; " '</c> escaped, controls as spaces, characters XML forbids left out.</summary>
    public static string Escape(string text)
    {
        StringBuilder escaped = new(text.Length + 16);
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && XmlConvert.IsXmlSurrogatePair(text[i + 1], c))
            {
                escaped.Append(c).Append(text[++i]);
                continue;
            }
            if (char.IsControl(c))
            {
                escaped.Append(' ');
                continue;
            }
            if (!XmlConvert.IsXmlChar(c)) continue;
            switch (c)
            {
                case '&': escaped.Append("&amp;"); break;
                case '<': escaped.Append("&lt;"); break;
                case '>': escaped.Append("&gt;"); break;
                case '"': escaped.Append("&quot;"); break;
                case '\'': escaped.Append("&apos;"); break;
                default: escaped.Append(c); break;
            }
        }
        return escaped.ToString();
    }
}
