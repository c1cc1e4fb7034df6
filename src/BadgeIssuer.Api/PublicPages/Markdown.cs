// OB 3.0 narratives are of the derived type Markdown, "a String that may contain Markdown" (Criteria.narrative,
// AchievementSubject.narrative, Evidence.narrative; the achievement's description is shown the same way). They are
// rendered as CommonMark with Markdig: raw HTML is shown as text, only absolute http(s) links stay links, images show
// their alt text (the page loads no image an issuer names), and headings sit below the page's own.
using Markdig;
using Markdig.Renderers.Html;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace BadgeIssuer.Api.PublicPages;

/// <summary>Markdown from a credential as HTML that is safe to put in a page under its CSP.</summary>
internal static class Markdown
{
    /// <summary>The page's own headings go down to &lt;h2&gt;; a narrative's "# Heading" becomes &lt;h3&gt;.</summary>
    private const int HeadingOffset = 2;

    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().DisableHtml().Build();

    /// <summary>
    /// <paramref name="markdown"/> as HTML: CommonMark with raw HTML escaped, links other than absolute http(s) ones
    /// (javascript:, data:, relative, e-mail) and images turned into their text.
    /// </summary>
    public static string ToHtml(string markdown)
    {
        MarkdownDocument document = Markdig.Markdown.Parse(markdown, Pipeline);
        foreach (HeadingBlock heading in document.Descendants<HeadingBlock>()) heading.Level = Math.Min(6, heading.Level + HeadingOffset);
        foreach (AutolinkInline autolink in document.Descendants<AutolinkInline>().ToList())
        {
            if (!autolink.IsEmail && IsWebUrl(autolink.Url)) autolink.GetAttributes().AddPropertyIfNotExist("rel", "nofollow noopener");
            else autolink.ReplaceBy(new LiteralInline(autolink.Url));
        }
        foreach (LinkInline link in document.Descendants<LinkInline>().ToList())
        {
            if (!link.IsImage && IsWebUrl(link.Url)) link.GetAttributes().AddPropertyIfNotExist("rel", "nofollow noopener");
            else Unwrap(link);
        }
        return Markdig.Markdown.ToHtml(document, Pipeline);
    }

    private static bool IsWebUrl(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out Uri? uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);

    /// <summary>Puts a link's or an image's text where it stood, without the link.</summary>
    private static void Unwrap(LinkInline link)
    {
        while (link.FirstChild is { } child)
        {
            child.Remove();
            link.InsertBefore(child);
        }
        link.Remove();
    }
}
