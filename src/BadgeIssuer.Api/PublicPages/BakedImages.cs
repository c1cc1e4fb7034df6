// OB 3.0 §5.3 (baking): the badge image with the signed credential inside it, and beside it the URL of the award's
// OB 2.0 hosted assertion when its issuer publishes one (Open Badges Baking 1.0), so OB 2.0 backpacks import it too. The image is the achievement's own
// when the issuer gave it as a data: URI of that kind; URLs are never fetched, so otherwise the service draws one.
using System.Text;
using System.Text.Json.Nodes;
using BadgeIssuer.Api.PublicPages.Imaging;
using BadgeIssuer.Core.Awards;
using BadgeIssuer.Core.LearnerRecords;
using BadgeIssuer.Credentials.Baking;

namespace BadgeIssuer.Api.PublicPages;

/// <summary>
/// Baked PNG and SVG images of an award, carrying its credential JSON (embedded proof) and optionally its OB 2.0
/// assertion URL; and the baked PNG of a learner record.
/// </summary>
internal static class BakedImages
{
    public static byte[] Png(Award award, string? ob2AssertionUrl)
    {
        BadgeView badge = BadgeView.From(JsonNode.Parse(award.CredentialJson)!.AsObject());
        if (DataUri(badge.ImageDataUri, "image/png") is { } issuerImage)
        {
            try
            {
                return PngBaking.Bake(issuerImage, award.CredentialJson, ob2AssertionUrl);
            }
            catch (BakingException)
            {
                // The issuer's image is not a PNG we can bake into; the drawn picture stands in for it.
            }
        }
        return PngBaking.Bake(BadgePicture.Png(badge.AchievementName, badge.IssuerName), award.CredentialJson, ob2AssertionUrl);
    }

    /// <summary>
    /// The learner record's picture (<see cref="LearnerRecordPicture"/>) with its signed ClrCredential baked in as a
    /// badge's credential is (OB 3.0 §5.3.1, the <c>openbadgecredential</c> iTXt chunk), so a verifier that unbakes
    /// OB 3.0 PNGs reads the record. The record must be <see cref="Bakeable"/>.
    /// </summary>
    public static byte[] Png(LearnerRecord record)
    {
        LearnerRecordView view = LearnerRecordView.From(JsonNode.Parse(record.CredentialJson)!.AsObject());
        return PngBaking.Bake(LearnerRecordPicture.Png(view.Name, view.IssuerName, LearnerRecordPage.Count(record.AwardIds.Count)), record.CredentialJson);
    }

    /// <summary>Whether the record's credential is small enough to bake (<see cref="PngBaking.MaxCredentialBytes"/>, which verifiers read at most).</summary>
    public static bool Bakeable(LearnerRecord record) => Encoding.UTF8.GetByteCount(record.CredentialJson) <= PngBaking.MaxCredentialBytes;

    /// <summary>
    /// The badge picture without a credential in it, as a claim mail shows it: the achievement's own PNG when the
    /// issuer gave one as a data: URI, otherwise the drawn picture.
    /// </summary>
    public static byte[] Picture(BadgeView badge) =>
        DataUri(badge.ImageDataUri, "image/png") is { } issuerImage && issuerImage.AsSpan().StartsWith(PngSignature)
            ? issuerImage
            : BadgePicture.Png(badge.AchievementName, badge.IssuerName);

    /// <summary>The eight bytes every PNG file starts with (PNG §5.2).</summary>
    private static ReadOnlySpan<byte> PngSignature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    public static byte[] Svg(Award award, string? ob2AssertionUrl)
    {
        BadgeView badge = BadgeView.From(JsonNode.Parse(award.CredentialJson)!.AsObject());
        if (DataUri(badge.ImageDataUri, "image/svg+xml") is { } issuerImage)
        {
            try
            {
                return Encoding.UTF8.GetBytes(SvgBaking.Bake(Encoding.UTF8.GetString(issuerImage), award.CredentialJson, ob2AssertionUrl));
            }
            catch (BakingException)
            {
                // As for PNG: an issuer image that is not a bakeable SVG gives way to the drawn picture.
            }
        }
        return Encoding.UTF8.GetBytes(SvgBaking.Bake(BadgePicture.Svg(badge.AchievementName, badge.IssuerName), award.CredentialJson, ob2AssertionUrl));
    }

    /// <summary>The bytes of a base64 <c>data:</c> URI of <paramref name="mediaType"/>, or <c>null</c>.</summary>
    private static byte[]? DataUri(string? uri, string mediaType)
    {
        string prefix = $"data:{mediaType};base64,";
        if (uri is null || !uri.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)) return null;
        try
        {
            return Convert.FromBase64String(uri[prefix.Length..]);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
