using System.Buffers.Text;
using System.IO.Compression;
using System.Text;

namespace BadgeIssuer.Storage.Documents;

/// <summary>
/// The stored form of an award's credential and VC-JWT: one Brotli stream holding the credential's UTF-8 JSON and,
/// when the award has one, the JWT with its payload base64url-decoded. The payload repeats the credential, so inside
/// one stream it costs little; base64url text would hide that repetition from the compressor. Unpacking gives both
/// strings back byte for byte: a payload whose base64url text is not the canonical encoding of its bytes is kept verbatim.
/// </summary>
public static class StoredCredential
{
    /// <summary>The first byte of every packed value: Brotli, then the layout written by <see cref="Pack"/>.</summary>
    private const byte FormatBrotli = 1;

    /// <summary>Brotli quality 5: most of the gain of the slowest setting at a small part of its CPU cost.</summary>
    private static readonly BrotliCompressionOptions Compression = new() { Quality = 5 };

    private enum JwtForm : byte
    {
        None = 0,
        Verbatim = 1,
        DecodedPayload = 2,
    }

    /// <summary>The credential JSON and the VC-JWT (if any), compressed together.</summary>
    public static byte[] Pack(string credentialJson, string? jwt)
    {
        ArgumentNullException.ThrowIfNull(credentialJson);
        using MemoryStream packed = new();
        packed.WriteByte(FormatBrotli);
        using (BrotliStream brotli = new(packed, Compression, leaveOpen: true))
        using (BinaryWriter writer = new(brotli, Encoding.UTF8))
        {
            writer.Write(credentialJson);
            if (jwt is null)
            {
                writer.Write((byte)JwtForm.None);
            }
            else if (Split(jwt) is ({ } header, { } payload, { } signature))
            {
                writer.Write((byte)JwtForm.DecodedPayload);
                writer.Write(header);
                writer.Write7BitEncodedInt(payload.Length);
                writer.Write(payload);
                writer.Write(signature);
            }
            else
            {
                writer.Write((byte)JwtForm.Verbatim);
                writer.Write(jwt);
            }
        }
        return packed.ToArray();
    }

    /// <summary>The credential JSON and VC-JWT a <see cref="Pack"/> call was given.</summary>
    /// <exception cref="InvalidDataException">The value was not written by <see cref="Pack"/>.</exception>
    public static (string CredentialJson, string? Jwt) Unpack(byte[] packed)
    {
        ArgumentNullException.ThrowIfNull(packed);
        if (packed.Length == 0 || packed[0] != FormatBrotli) throw new InvalidDataException("A stored credential has an unknown format.");
        using BrotliStream brotli = new(new MemoryStream(packed, 1, packed.Length - 1), CompressionMode.Decompress);
        using BinaryReader reader = new(brotli, Encoding.UTF8);
        try
        {
            string credentialJson = reader.ReadString();
            string? jwt = (JwtForm)reader.ReadByte() switch
            {
                JwtForm.None => null,
                JwtForm.Verbatim => reader.ReadString(),
                JwtForm.DecodedPayload => reader.ReadString() + "." + Base64Url.EncodeToString(reader.ReadBytes(reader.Read7BitEncodedInt())) + "." + reader.ReadString(),
                _ => throw new InvalidDataException("A stored credential has an unknown JWT form."),
            };
            return (credentialJson, jwt);
        }
        catch (EndOfStreamException ex)
        {
            throw new InvalidDataException("A stored credential is truncated.", ex);
        }
    }

    /// <summary>A compact JWS's header text, decoded payload and signature text, when re-encoding the payload gives back its text.</summary>
    private static (string? Header, byte[]? Payload, string? Signature) Split(string jwt)
    {
        string[] parts = jwt.Split('.');
        if (parts.Length != 3 || !Base64Url.IsValid(parts[1], out int length)) return default;
        byte[] payload = new byte[length];
        if (Base64Url.DecodeFromChars(parts[1], payload) != length || Base64Url.EncodeToString(payload) != parts[1]) return default;
        return (parts[0], payload, parts[2]);
    }
}
