using System.Security.Cryptography;
using System.Text;

namespace OrleansPersonalization.Domain.Protection;

/// <summary>
/// AES-256-GCM with a fresh random nonce per message, bound to a context (the user key, and what the
/// bytes are) as associated data, so a sealed value cannot be moved to another user or another use.
/// Layout: version (1 byte) | nonce (12) | tag (16) | ciphertext.
/// </summary>
public static class Envelope
{
    private const byte Version = 1;
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private const int Header = 1 + NonceSize + TagSize;

    public static byte[] Seal(ReadOnlySpan<byte> key, ReadOnlySpan<byte> plaintext, string context)
    {
        var sealedBytes = new byte[Header + plaintext.Length];
        sealedBytes[0] = Version;
        var nonce = sealedBytes.AsSpan(1, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(nonce, plaintext, sealedBytes.AsSpan(Header), sealedBytes.AsSpan(1 + NonceSize, TagSize), Encoding.UTF8.GetBytes(context));
        return sealedBytes;
    }

    /// <summary>The plaintext; throws <see cref="CryptographicException"/> for a wrong key, context or any changed byte.</summary>
    public static byte[] Open(ReadOnlySpan<byte> key, ReadOnlySpan<byte> sealedBytes, string context)
    {
        if (sealedBytes.Length < Header || sealedBytes[0] != Version)
        {
            throw new CryptographicException("Not a sealed value of a known version.");
        }

        var plaintext = new byte[sealedBytes.Length - Header];
        using var aes = new AesGcm(key, TagSize);
        aes.Decrypt(sealedBytes.Slice(1, NonceSize), sealedBytes[Header..], sealedBytes.Slice(1 + NonceSize, TagSize), plaintext, Encoding.UTF8.GetBytes(context));
        return plaintext;
    }
}
