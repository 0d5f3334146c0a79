using OutreachBot.Flows.Text;
using PhoneNumbers;

namespace OutreachBot.Flows.SignUp;

/// <summary>PhoneValidator: accepts Egyptian mobile numbers in the forms people type and returns them in E.164.</summary>
public static class PhoneValidator
{
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    /// <summary>TryEgyptianMobile: true when the text is a valid (not merely possible) Egyptian mobile; e164 is "+20…".</summary>
    /// <remarks>Accepts 01xxxxxxxxx, +20…, 0020…, spaces, dashes, dots, brackets and Eastern Arabic digits.</remarks>
    public static bool TryEgyptianMobile(string? text, out string e164)
    {
        e164 = "";
        if (string.IsNullOrWhiteSpace(text) || text.Length > 40) return false;
        var digits = ArabicNormalizer.DigitsToAscii(ArabicNormalizer.Clean(text));
        var compact = new string([.. digits.Where(c => char.IsAsciiDigit(c) || c == '+')]);
        if (compact.Length < 10 || compact.LastIndexOf('+') > 0) return false;
        if (digits.Any(c => char.IsLetter(c))) return false;
        // Egyptians often drop the trunk zero after the country code ("+2001…" is common); libphonenumber copes.
        try
        {
            var number = Util.Parse(compact, "EG");
            if (!Util.IsValidNumber(number)) return false;
            if (Util.GetRegionCodeForNumber(number) != "EG") return false;
            if (Util.GetNumberType(number) != PhoneNumberType.MOBILE) return false;
            e164 = Util.Format(number, PhoneNumberFormat.E164);
            return true;
        }
        catch (NumberParseException)
        {
            return false;
        }
    }

    /// <summary>National: an Egyptian E.164 number as people write it ("+201012345678" → "01012345678").</summary>
    public static string? National(string? e164) =>
        e164 is { Length: > 3 } && e164.StartsWith("+20", StringComparison.Ordinal) ? "0" + e164[3..] : e164;
}
