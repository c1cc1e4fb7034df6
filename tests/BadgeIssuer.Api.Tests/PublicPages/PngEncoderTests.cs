using BadgeIssuer.Api.PublicPages.Imaging;

namespace BadgeIssuer.Api.Tests.PublicPages;

/// <summary>The PNG encoder, read back by the tests' own strict reader.</summary>
public sealed class PngEncoderTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 2)]
    [InlineData(301, 97)]
    public void Encode_writes_a_png_that_decodes_to_the_same_pixels(int width, int height)
    {
        byte[] rgba = new byte[width * height * 4];
        new Random(width * 1000 + height).NextBytes(rgba);

        PngFile png = PngFile.Read(PngEncoder.Encode(width, height, rgba));

        Assert.Equal(width, png.Width);
        Assert.Equal(height, png.Height);
        Assert.Equal(rgba, png.Rgba);
    }

    [Fact]
    public void Encode_writes_the_signature_then_ihdr_idat_and_the_well_known_iend_chunk()
    {
        byte[] bytes = PngEncoder.Encode(2, 2, new byte[16]);

        Assert.Equal(["IHDR", "IDAT", "IEND"], PngFile.Read(bytes).ChunkTypes);
        Assert.Equal([137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R'], bytes[..16]);
        Assert.Equal([0, 0, 0, 0, (byte)'I', (byte)'E', (byte)'N', (byte)'D', 0xAE, 0x42, 0x60, 0x82], bytes[^12..]);
    }

    [Theory]
    [InlineData(0, 1, 0)]
    [InlineData(1, -1, 4)]
    [InlineData(2, 2, 15)]
    [InlineData(2, 2, 17)]
    public void Encode_refuses_sides_below_one_and_pixels_that_do_not_fill_the_image(int width, int height, int bytes)
    {
        ArgumentException refused = Assert.ThrowsAny<ArgumentException>(() => PngEncoder.Encode(width, height, new byte[bytes]));

        Assert.Contains(refused.ParamName, new[] { "width", "height", "rgba" });
    }
}
