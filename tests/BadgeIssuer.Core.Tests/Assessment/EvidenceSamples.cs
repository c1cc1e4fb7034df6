using System.IO.Compression;
using System.Text;
using BadgeIssuer.Core.Assessment;

namespace BadgeIssuer.Core.Tests.Assessment;

/// <summary>
/// Small real files of every accepted evidence type (the bytes each format's specification begins with, or a whole
/// package for Office Open XML), and near misses; shared with the API tests.
/// </summary>
public static class EvidenceSamples
{
    /// <summary>A 1×1 PNG.</summary>
    public static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

    public static readonly byte[] Pdf = Encoding.ASCII.GetBytes("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");

    public static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0xFF, 0xD9];

    public static readonly byte[] Gif = [.. "GIF89a"u8, 0x01, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, (byte)';'];

    public static readonly byte[] WebP = [.. "RIFF"u8, 0x1A, 0x00, 0x00, 0x00, .. "WEBPVP8L"u8, 0x0D, 0x00, 0x00, 0x00, 0x2F, 0x00, 0x00, 0x00, 0x10, 0x07, 0x10, 0x11, 0x11, 0x88, 0x88, 0xFE, 0x07, 0x00];

    public static readonly byte[] Mp4 = IsoMedia("isom");

    public static readonly byte[] QuickTime = IsoMedia("qt  ");

    public static readonly byte[] M4A = IsoMedia("M4A ");

    public static readonly byte[] WebM = [0x1A, 0x45, 0xDF, 0xA3, 0x9F, 0x42, 0x86, 0x81, 0x01, 0x42, 0xF7, 0x81, 0x01, 0x42, 0xF2, 0x81, 0x04, 0x42, 0xF3, 0x81, 0x08, 0x42, 0x82, 0x84, .. "webm"u8, 0x42, 0x87, 0x81, 0x04];

    /// <summary>Matroska, WebM's parent format, which is not accepted.</summary>
    public static readonly byte[] Matroska = [0x1A, 0x45, 0xDF, 0xA3, 0xA3, 0x42, 0x86, 0x81, 0x01, 0x42, 0xF7, 0x81, 0x01, 0x42, 0xF2, 0x81, 0x04, 0x42, 0xF3, 0x81, 0x08, 0x42, 0x82, 0x88, .. "matroska"u8];

    /// <summary>An MP3 starting with an ID3v2.3 tag.</summary>
    public static readonly byte[] Mp3Tagged = [.. "ID3"u8, 0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xFF, 0xFB, 0x90, 0x64, 0x00, 0x00];

    /// <summary>An MP3 starting with an MPEG-1 Layer III frame (128 kbit/s, 44.1 kHz).</summary>
    public static readonly byte[] Mp3Frame = [0xFF, 0xFB, 0x90, 0x64, 0x00, 0x00, 0x00, 0x00];

    public static readonly byte[] Text = Encoding.UTF8.GetBytes("Reflection on my lesson — what worked ✓\r\nNext time:\tmore wait time.\n");

    public static byte[] Docx() => OfficePackage("word/document.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml");

    public static byte[] Xlsx() => OfficePackage("xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml");

    public static byte[] Pptx() => OfficePackage("ppt/presentation.xml", "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml");

    /// <summary>A macro-enabled Word document (.docm), which is not accepted.</summary>
    public static byte[] Docm() => OfficePackage("word/document.xml", "application/vnd.ms-word.document.macroEnabled.main+xml");

    /// <summary>Every accepted sample with the type it is recognised as.</summary>
    public static IEnumerable<(string Name, byte[] Bytes, string Type)> All() =>
    [
        ("pdf", Pdf, EvidenceContentTypes.Pdf), ("png", Png, EvidenceContentTypes.Png), ("jpeg", Jpeg, EvidenceContentTypes.Jpeg), ("gif", Gif, EvidenceContentTypes.Gif),
        ("webp", WebP, EvidenceContentTypes.WebP), ("mp4", Mp4, EvidenceContentTypes.Mp4), ("mov", QuickTime, EvidenceContentTypes.QuickTime),
        ("m4a", M4A, EvidenceContentTypes.M4A), ("webm", WebM, EvidenceContentTypes.WebM), ("mp3-id3", Mp3Tagged, EvidenceContentTypes.Mp3),
        ("mp3-frame", Mp3Frame, EvidenceContentTypes.Mp3), ("txt", Text, EvidenceContentTypes.Text), ("docx", Docx(), EvidenceContentTypes.Docx),
        ("xlsx", Xlsx(), EvidenceContentTypes.Xlsx), ("pptx", Pptx(), EvidenceContentTypes.Pptx),
    ];

    /// <summary>A ZIP with <paramref name="entries"/> empty entries and no content types stream.</summary>
    public static byte[] Zip(int entries)
    {
        using MemoryStream buffer = new();
        using (ZipArchive archive = new(buffer, ZipArchiveMode.Create, leaveOpen: true))
            for (int i = 0; i < entries; i++) archive.CreateEntry($"f{i}", CompressionLevel.NoCompression);
        return buffer.ToArray();
    }

    /// <summary>An ISO base media file: an <c>ftyp</c> box with <paramref name="brand"/>, then an empty <c>mdat</c>.</summary>
    private static byte[] IsoMedia(string brand) =>
        [0x00, 0x00, 0x00, 0x18, .. "ftyp"u8, .. Encoding.ASCII.GetBytes(brand), 0x00, 0x00, 0x02, 0x00, .. "isomiso2"u8, 0x00, 0x00, 0x00, 0x08, .. "mdat"u8];

    /// <summary>An Open Packaging Conventions package whose content types stream declares <paramref name="mainPart"/> as <paramref name="mainType"/>.</summary>
    private static byte[] OfficePackage(string mainPart, string mainType)
    {
        using MemoryStream buffer = new();
        using (ZipArchive archive = new(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            Write(archive, "[Content_Types].xml", $"""
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
                  <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
                  <Default Extension="xml" ContentType="application/xml"/>
                  <Override PartName="/{mainPart}" ContentType="{mainType}"/>
                </Types>
                """);
            Write(archive, "_rels/.rels", $"""
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
                  <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="{mainPart}"/>
                </Relationships>
                """);
            Write(archive, mainPart, "<?xml version=\"1.0\" encoding=\"UTF-8\"?><root/>");
        }
        return buffer.ToArray();
    }

    private static void Write(ZipArchive archive, string name, string text)
    {
        using StreamWriter writer = new(archive.CreateEntry(name).Open(), new UTF8Encoding(false));
        writer.Write(text);
    }
}
