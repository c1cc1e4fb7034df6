using System.Text;
using BadgeIssuer.Core.Assessment;

namespace BadgeIssuer.Core.Tests.Assessment;

/// <summary>An evidence file's type comes from its bytes: each accepted format is recognised, and near misses are not.</summary>
public sealed class EvidenceContentTypesTests
{
    public static TheoryData<string> Names() => [.. EvidenceSamples.All().Select(s => s.Name)];

    [Theory]
    [MemberData(nameof(Names))]
    public void Each_accepted_type_is_recognised_from_its_bytes(string name)
    {
        (_, byte[] bytes, string type) = EvidenceSamples.All().Single(s => s.Name == name);

        Assert.Equal(type, EvidenceContentTypes.Recognise(bytes));
        Assert.Contains(EvidenceContentTypes.MediaType(type), EvidenceContentTypes.Accepted);
    }

    public static TheoryData<string, byte[]> NearMisses() => new()
    {
        { "empty", [] },
        { "text with a NUL", Encoding.UTF8.GetBytes("line one\0line two") },
        { "text with a bell", Encoding.UTF8.GetBytes("ring \u0007") },
        { "invalid UTF-8", [(byte)'a', 0xC3, 0x28, (byte)'b'] },
        { "an overlong UTF-8 slash", [0xC0, 0xAF] },
        { "a Windows executable", [(byte)'M', (byte)'Z', 0x90, 0x00, 0x03, 0x00, 0x00, 0x00] },
        { "an ELF binary", [0x7F, (byte)'E', (byte)'L', (byte)'F', 0x02, 0x01, 0x01, 0x00] },
        { "Matroska that is not WebM", EvidenceSamples.Matroska },
        { "an ISO media file of an unknown brand", [0x00, 0x00, 0x00, 0x10, .. "ftyp"u8, .. "heic"u8, 0x00, 0x00, 0x00, 0x00] },
        { "a RIFF that is not WebP", [.. "RIFF"u8, 0x04, 0x00, 0x00, 0x00, .. "WAVE"u8] },
        { "an MPEG audio frame of a reserved version", [0xFF, 0xEB, 0x90, 0x64] },
        { "an MPEG audio frame of layer I", [0xFF, 0xFF, 0x90, 0x64] },
        { "a ZIP without a content types stream", EvidenceSamples.Zip(3) },
        { "a macro-enabled Word document", EvidenceSamples.Docm() },
        { "a ZIP cut short", EvidenceSamples.Docx()[..40] },
    };

    [Theory]
    [MemberData(nameof(NearMisses))]
    public void A_near_miss_is_not_recognised(string what, byte[] bytes)
    {
        Assert.True(EvidenceContentTypes.Recognise(bytes) is null, what);
    }

    [Fact]
    public void A_zip_with_more_entries_than_the_limit_is_not_opened()
    {
        byte[] many = EvidenceSamples.Zip(EvidenceContentTypes.MaxZipEntries + 1);
        byte[] docx = EvidenceSamples.Docx();

        Assert.Null(EvidenceContentTypes.Recognise(many));
        Assert.Equal(EvidenceContentTypes.Docx, EvidenceContentTypes.Recognise(docx));
    }

    [Theory]
    [InlineData("image/png", EvidenceContentTypes.Png, true)]
    [InlineData("IMAGE/PNG; name=x", EvidenceContentTypes.Png, true)]
    [InlineData("image/jpg", EvidenceContentTypes.Jpeg, true)]
    [InlineData("audio/mp3", EvidenceContentTypes.Mp3, true)]
    [InlineData("text/plain; charset=us-ascii", EvidenceContentTypes.Text, true)]
    [InlineData("image/png", EvidenceContentTypes.Pdf, false)]
    [InlineData("application/zip", EvidenceContentTypes.Docx, false)]
    [InlineData("text/html", EvidenceContentTypes.Text, false)]
    public void A_declared_type_agrees_with_the_bytes_only_when_it_names_the_same_media_type(string declared, string recognised, bool agrees)
    {
        Assert.Equal(agrees, EvidenceContentTypes.Agrees(declared, recognised));
    }

    [Theory]
    [InlineData(EvidenceContentTypes.Png, true)]
    [InlineData(EvidenceContentTypes.Pdf, true)]
    [InlineData(EvidenceContentTypes.Mp4, true)]
    [InlineData(EvidenceContentTypes.Mp3, true)]
    [InlineData(EvidenceContentTypes.Text, true)]
    [InlineData(EvidenceContentTypes.Docx, false)]
    [InlineData(EvidenceContentTypes.Pptx, false)]
    public void Images_pdf_media_and_text_are_shown_inline_and_office_documents_downloaded(string type, bool inline)
    {
        Assert.Equal(inline, EvidenceContentTypes.ShownInline(type));
    }

    [Theory]
    [InlineData("lesson-plan.pdf", "lesson-plan.pdf")]
    [InlineData("C:\\Users\\ada\\Desktop\\plan.docx", "plan.docx")]
    [InlineData("../../etc/passwd", "passwd")]
    [InlineData("  spaced name.txt  ", "spaced name.txt")]
    [InlineData("line\r\nbreak.txt", "linebreak.txt")]
    [InlineData("invoice\u202Etxt.exe", "invoicetxt.exe")]
    [InlineData("Unterrichtsentwurf — Woche 3 ✓.pdf", "Unterrichtsentwurf — Woche 3 ✓.pdf")]
    [InlineData("..", null)]
    [InlineData("folder/", null)]
    [InlineData("\u0000\u0001", null)]
    [InlineData(null, null)]
    public void A_file_name_keeps_only_its_last_segment_without_control_or_format_characters(string? given, string? kept)
    {
        Assert.Equal(kept, EvidenceFileService.SanitiseFileName(given));
    }

    [Fact]
    public void A_long_file_name_is_cut_to_200_characters_without_splitting_a_character()
    {
        string name = new string('a', 199) + "😀" + ".pdf";

        string kept = EvidenceFileService.SanitiseFileName(name)!;

        Assert.Equal(new string('a', 199), kept);
        Assert.Equal(200, EvidenceFileService.SanitiseFileName(new string('b', 300))!.Length);
    }
}
