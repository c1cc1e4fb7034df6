namespace BadgeIssuer.Credentials.Baking;

/// <summary>An image that cannot be baked into or read: malformed, too large, or not carrying a credential.</summary>
/// <param name="code">A stable code such as <c>png-malformed</c> (see <see cref="BakingCodes"/>).</param>
/// <param name="message">What is wrong, in a sentence.</param>
public sealed class BakingException(string code, string message) : Exception(message)
{
    /// <summary>The stable code of the problem.</summary>
    public string Code { get; } = code;
}

/// <summary>The stable codes of <see cref="BakingException"/>.</summary>
public static class BakingCodes
{
    /// <summary>The PNG's structure is broken: signature, chunk lengths, CRCs, chunk order.</summary>
    public const string PngMalformed = "png-malformed";

    /// <summary>The image, or the credential inside it, is larger than accepted.</summary>
    public const string TooLarge = "image-too-large";

    /// <summary>The SVG is not well-formed XML, or not an SVG.</summary>
    public const string SvgMalformed = "svg-malformed";

    /// <summary>The SVG declares a DTD internal subset (entities): refused, never expanded.</summary>
    public const string SvgDtdProhibited = "svg-dtd-prohibited";
}
