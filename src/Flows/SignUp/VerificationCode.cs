using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using OutreachBot.Flows.Text;

namespace OutreachBot.Flows.SignUp;

/// <summary>VerificationCode: a six-digit one-time code made from the host's nonce, and the salted hash the session keeps instead of it.</summary>
/// <remarks>
/// The flow has no randomness of its own: the host sends fresh random bytes with every inbound (<c>Inbound.Nonce</c>),
/// and the code and its salt are cut from them. Only the hash is stored, so a session read from the database does not
/// give the code away.
/// </remarks>
public sealed record VerificationCode(string Code, string Salt, string Hash)
{
    /// <summary>Length: digits in a code.</summary>
    public const int Length = 6;

    /// <summary>FromNonce: the code made from <paramref name="nonce"/> (hex of at least 16 bytes), or null when there is none to use.</summary>
    public static VerificationCode? FromNonce(string? nonce)
    {
        if (nonce is null || nonce.Length < 32 || nonce.Length % 2 != 0) return null;
        byte[] bytes;
        try { bytes = Convert.FromHexString(nonce); }
        catch (FormatException) { return null; }
        // 64 random bits modulo a million: the bias is below one in ten million million, far under guessing odds.
        var value = BitConverter.ToUInt64(bytes, 0) % 1_000_000UL;
        var code = value.ToString("D6", CultureInfo.InvariantCulture);
        var salt = Convert.ToHexString(bytes, 8, bytes.Length - 8);
        return new VerificationCode(code, salt, HashOf(code, salt));
    }

    /// <summary>Typed: the code in a message ("123456", "١٢٣ ٤٥٦", "123-456"), or null when the message is not one.</summary>
    /// <remarks>Only such a message can prove a number, so the host looks up the number's owner for these alone.</remarks>
    public static string? Typed(string? text)
    {
        var compact = ArabicNormalizer.Normalize(text ?? "").Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        return compact.Length == Length && compact.All(char.IsAsciiDigit) ? compact : null;
    }

    /// <summary>Matches: whether <paramref name="typed"/> (ASCII digits) is the code behind <paramref name="hash"/>, compared in constant time.</summary>
    public static bool Matches(string typed, string salt, string hash)
    {
        if (typed.Length != Length || !typed.All(char.IsAsciiDigit)) return false;
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(HashOf(typed, salt)), Encoding.ASCII.GetBytes(hash));
    }

    private static string HashOf(string code, string salt) =>
        Convert.ToHexString(SHA256.HashData(Encoding.ASCII.GetBytes(salt + ":" + code)));
}
