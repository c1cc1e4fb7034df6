// Which kinds of file a teacher may upload as evidence, recognised from the bytes themselves (the declared type is only
// checked against them): the file signatures of each format's own specification, and for Office Open XML documents
// the content type their package declares for its main part (ECMA-376 Part 2, §10.1.2: the [Content_Types].xml stream).
// No NuGet package for signature detection is available from the registry this project uses (FileSignatures is not
// there; Mime-Detective is an unmaintained 2017 beta), so the table is here, small and tested.
using System.IO.Compression;
using System.Text;
using System.Text.Unicode;

namespace BadgeIssuer.Core.Assessment;

/// <summary>The evidence file types the service accepts, and the recognition of a file's type from its bytes.</summary>
public static class EvidenceContentTypes
{
    /// <summary>PDF (ISO 32000: a file starts with <c>%PDF-</c>).</summary>
    public const string Pdf = "application/pdf";
    /// <summary>PNG (ISO/IEC 15948 §5.2 signature).</summary>
    public const string Png = "image/png";
    /// <summary>JPEG (ITU T.81: SOI marker, then a marker).</summary>
    public const string Jpeg = "image/jpeg";
    /// <summary>GIF 87a or 89a.</summary>
    public const string Gif = "image/gif";
    /// <summary>WebP (a RIFF container of form type <c>WEBP</c>).</summary>
    public const string WebP = "image/webp";
    /// <summary>MP4 video (an ISO base media file whose <c>ftyp</c> brand is an MP4 one).</summary>
    public const string Mp4 = "video/mp4";
    /// <summary>QuickTime video (<c>ftyp</c> brand <c>qt</c>), as phones record it.</summary>
    public const string QuickTime = "video/quicktime";
    /// <summary>WebM video (an EBML document of DocType <c>webm</c>).</summary>
    public const string WebM = "video/webm";
    /// <summary>MP3 audio (an ID3v2 tag or an MPEG audio Layer III frame).</summary>
    public const string Mp3 = "audio/mpeg";
    /// <summary>AAC audio in MP4 (<c>ftyp</c> brand <c>M4A</c>).</summary>
    public const string M4A = "audio/mp4";
    /// <summary>Plain text, valid UTF-8.</summary>
    public const string Text = "text/plain; charset=utf-8";
    /// <summary>A Word document (Office Open XML).</summary>
    public const string Docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    /// <summary>An Excel workbook (Office Open XML).</summary>
    public const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    /// <summary>A PowerPoint presentation (Office Open XML).</summary>
    public const string Pptx = "application/vnd.openxmlformats-officedocument.presentationml.presentation";

    /// <summary>Every type accepted, as the refusal of an unknown file lists them.</summary>
    public static readonly IReadOnlyList<string> Accepted = [Pdf, Png, Jpeg, Gif, WebP, Mp4, QuickTime, WebM, Mp3, M4A, "text/plain", Docx, Xlsx, Pptx];

    /// <summary>The most entries a ZIP package may have to be looked into (an Office document has a few dozen to a few thousand).</summary>
    public const int MaxZipEntries = 10_000;

    /// <summary>The largest <c>[Content_Types].xml</c> read (uncompressed); a real one is a few kilobytes.</summary>
    private const int MaxContentTypesBytes = 1024 * 1024;

    /// <summary>ISO/IEC 14496-12 §4.3 <c>ftyp</c> major brands of MP4 video (ISO base media, MPEG-4 Part 14, AVC, DASH, Apple M4V).</summary>
    private static readonly HashSet<string> Mp4Brands = new(StringComparer.Ordinal) { "isom", "iso2", "iso4", "iso5", "iso6", "mp41", "mp42", "avc1", "dash", "M4V ", "mmp4", "MSNV" };

    /// <summary>The main parts' content types of the three Office Open XML documents (ECMA-376 Part 1, §11.3.10, §12.3.23, §13.3.6).</summary>
    private static readonly (string MainPart, string Type)[] OfficeMainParts =
    [
        ("application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml", Docx),
        ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml", Xlsx),
        ("application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml", Pptx),
    ];

    private static ReadOnlySpan<byte> PngSignature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    private static ReadOnlySpan<byte> JpegSignature => [0xFF, 0xD8, 0xFF];

    private static ReadOnlySpan<byte> EbmlSignature => [0x1A, 0x45, 0xDF, 0xA3];

    /// <summary>
    /// The type of <paramref name="content"/> among <see cref="Accepted"/>, or <c>null</c> when it is none of them.
    /// Reads nothing but the bytes given; a ZIP package is opened only when its entry count is at most
    /// <see cref="MaxZipEntries"/>, and only its content types stream is decompressed, up to 1 MiB.
    /// </summary>
    public static string? Recognise(ReadOnlySpan<byte> content)
    {
        if (content.IsEmpty) return null;
        if (content.StartsWith("%PDF-"u8)) return Pdf;
        if (content.StartsWith(PngSignature)) return Png;
        if (content.StartsWith(JpegSignature)) return Jpeg;
        if (content.StartsWith("GIF87a"u8) || content.StartsWith("GIF89a"u8)) return Gif;
        if (content.Length >= 12 && content.StartsWith("RIFF"u8) && content[8..12].SequenceEqual("WEBP"u8)) return WebP;
        if (content.Length >= 12 && content[4..8].SequenceEqual("ftyp"u8)) return IsoMedia(Encoding.ASCII.GetString(content[8..12]));
        if (content.StartsWith(EbmlSignature)) return content[..Math.Min(content.Length, 64)].IndexOf("webm"u8) >= 0 ? WebM : null;
        if (content.StartsWith("ID3"u8) || IsMpegAudioLayer3Frame(content)) return Mp3;
        if (content.StartsWith("PK\u0003\u0004"u8)) return OfficeDocument(content.ToArray());
        return IsPlainText(content) ? Text : null;
    }

    /// <summary>The media type without parameters, lower case (<c>text/plain; charset=utf-8</c> → <c>text/plain</c>).</summary>
    public static string MediaType(string contentType)
    {
        ArgumentNullException.ThrowIfNull(contentType);
        int semicolon = contentType.IndexOf(';', StringComparison.Ordinal);
        return (semicolon < 0 ? contentType : contentType[..semicolon]).Trim().ToLowerInvariant();
    }

    /// <summary>
    /// True when a client's declared type says the same as the recognised one: the same media type (parameters aside),
    /// or a common alias of it (<c>image/jpg</c>, <c>audio/mp3</c>).
    /// </summary>
    public static bool Agrees(string declared, string recognised)
    {
        string mine = MediaType(recognised);
        return MediaType(declared) switch
        {
            "image/jpg" or "image/pjpeg" => mine == MediaType(Jpeg),
            "audio/mp3" => mine == MediaType(Mp3),
            "audio/x-m4a" => mine == MediaType(M4A),
            var theirs => string.Equals(theirs, mine, StringComparison.Ordinal),
        };
    }

    /// <summary>True for the content types shown in a browser as they are (images, PDF, video, audio, text); any other is downloaded.</summary>
    public static bool ShownInline(string contentType) =>
        MediaType(contentType) is var type && (type.StartsWith("image/", StringComparison.Ordinal) || type.StartsWith("video/", StringComparison.Ordinal)
            || type.StartsWith("audio/", StringComparison.Ordinal) || type is "application/pdf" or "text/plain");

    private static string? IsoMedia(string brand) => brand switch
    {
        "qt  " => QuickTime,
        "M4A " => M4A,
        _ => Mp4Brands.Contains(brand) ? Mp4 : null,
    };

    /// <summary>
    /// An MPEG-1/2 audio Layer III frame header (ISO/IEC 11172-3 §2.4.1.3): 11 sync bits, a version that is not
    /// reserved, layer III, a bitrate index that is neither free (0) nor bad (15), and a sampling rate that is not reserved.
    /// </summary>
    private static bool IsMpegAudioLayer3Frame(ReadOnlySpan<byte> content) =>
        content.Length >= 4 && content[0] == 0xFF && (content[1] & 0xE0) == 0xE0 && ((content[1] >> 3) & 0x3) != 1 && ((content[1] >> 1) & 0x3) == 1
        && (content[2] >> 4) is not (0 or 15) && ((content[2] >> 2) & 0x3) != 3;

    /// <summary>Valid UTF-8 (RFC 3629) with no NUL and no control character other than tab, line feed, form feed and carriage return.</summary>
    private static bool IsPlainText(ReadOnlySpan<byte> content)
    {
        if (!Utf8.IsValid(content)) return false;
        foreach (byte b in content)
            if ((b < 0x20 && b is not ((byte)'\t' or (byte)'\n' or 0x0C or (byte)'\r')) || b == 0x7F) return false;
        return true;
    }

    /// <summary>
    /// DOCX, XLSX or PPTX: a ZIP package (at most <see cref="MaxZipEntries"/> entries, counted from its end of central
    /// directory record before anything is parsed) whose <c>[Content_Types].xml</c> names one of their main parts.
    /// Macro-enabled documents declare other main part types and are not recognised.
    /// </summary>
    private static string? OfficeDocument(byte[] content)
    {
        if (ZipEntryCount(content) is not (> 0 and <= MaxZipEntries)) return null;
        try
        {
            using ZipArchive archive = new(new MemoryStream(content, writable: false), ZipArchiveMode.Read);
            ZipArchiveEntry? types = archive.GetEntry("[Content_Types].xml");
            if (types is null || types.Length > MaxContentTypesBytes) return null;
            using Stream stream = types.Open();
            byte[] buffer = new byte[MaxContentTypesBytes + 1];
            int total = 0, read;
            while (total < buffer.Length && (read = stream.Read(buffer, total, buffer.Length - total)) > 0) total += read;
            if (total > MaxContentTypesBytes) return null;
            string declared = Encoding.UTF8.GetString(buffer, 0, total);
            (string MainPart, string Type)[] found = [.. OfficeMainParts.Where(p => declared.Contains($"\"{p.MainPart}\"", StringComparison.OrdinalIgnoreCase))];
            return found.Length == 1 ? found[0].Type : null;
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    /// <summary>
    /// The total entry count of a ZIP file's end of central directory record (APPNOTE.TXT §4.3.16: signature
    /// 0x06054b50, the count at offset 10), searched for from the end over the largest comment; <c>null</c> when there is none.
    /// </summary>
    private static int? ZipEntryCount(ReadOnlySpan<byte> content)
    {
        const int RecordLength = 22;
        for (int at = content.Length - RecordLength; at >= Math.Max(0, content.Length - RecordLength - ushort.MaxValue); at--)
        {
            if (content[at] == 0x50 && content[at + 1] == 0x4B && content[at + 2] == 0x05 && content[at + 3] == 0x06)
                return content[at + 10] | (content[at + 11] << 8);
        }
        return null;
    }
}
