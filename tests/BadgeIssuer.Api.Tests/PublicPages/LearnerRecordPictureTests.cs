using BadgeIssuer.Api.PublicPages.Imaging;

namespace BadgeIssuer.Api.Tests.PublicPages;

/// <summary>The drawn learner record picture: a 256-pixel card in the badge colours whose text never leaves the card.</summary>
public sealed class LearnerRecordPictureTests
{
    [Fact]
    public void The_png_is_a_card_in_an_amber_frame_on_a_transparent_square_and_the_same_texts_give_the_same_bytes()
    {
        byte[] bytes = LearnerRecordPicture.Png("Comprehensive Learner Record", "Riverside School District", "5 credentials");
        PngFile png = PngFile.Read(bytes);

        Assert.Equal((256, 256), (png.Width, png.Height));
        Assert.Equal(["IHDR", "IDAT", "IEND"], png.ChunkTypes);
        Assert.Equal(0, png[0, 0].A);
        Assert.Equal(0, png[255, 255].A);
        Assert.Equal((BadgePicture.Ring.R, BadgePicture.Ring.G, BadgePicture.Ring.B, (byte)255), png[128, 10]);
        Assert.Equal((BadgePicture.Disc.R, BadgePicture.Disc.G, BadgePicture.Disc.B, (byte)255), png[128, 24]);
        Assert.Equal(bytes, LearnerRecordPicture.Png("Comprehensive Learner Record", "Riverside School District", "5 credentials"));
    }

    [Theory, MemberData(nameof(BadgePictureTests.LongNames), MemberType = typeof(BadgePictureTests))]
    public void Text_of_any_length_and_script_stays_inside_the_card(string name, string issuer)
    {
        PngFile png = PngFile.Read(LearnerRecordPicture.Png(name, issuer, "100 credentials"));
        const int inside = LearnerRecordPicture.Frame + LearnerRecordPicture.Inset + 4;

        int ink = 0;
        for (int y = 0; y < png.Height; y++)
            for (int x = 0; x < png.Width; x++)
            {
                (byte r, byte g, byte b, _) = png[x, y];
                if ((r, g, b) != (BadgePicture.NameInk.R, BadgePicture.NameInk.G, BadgePicture.NameInk.B)
                    && (r, g, b) != (BadgePicture.IssuerInk.R, BadgePicture.IssuerInk.G, BadgePicture.IssuerInk.B)) continue;
                ink++;
                Assert.InRange(x, inside, png.Width - 1 - inside);
                Assert.InRange(y, inside, png.Height - 1 - inside);
            }
        Assert.True(ink > 200, $"only {ink} pixels of text");
    }
}
