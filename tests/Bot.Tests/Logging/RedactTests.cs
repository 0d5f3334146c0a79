using OutreachBot.Bot.Logging;

namespace OutreachBot.Bot.Tests.Logging;

/// <summary>RedactTests: phone numbers of every length, and odd input, are masked without throwing; only a short prefix and suffix stay readable.</summary>
public sealed class RedactTests
{
    private const string Digits = "12345678901234567890";

    public static TheoryData<int> Lengths()
    {
        var data = new TheoryData<int>();
        for (var n = 0; n <= 20; n++) data.Add(n);
        return data;
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void ANumberOfAnyLengthIsMaskedBetweenAShortPrefixAndSuffix(int length)
    {
        foreach (var number in new[] { Number(length, plus: true), Number(length, plus: false) })
        {
            var masked = Redact.Phone(number);

            AssertMaskedShape(number, masked);
        }
    }

    [Theory]
    [InlineData("+201001234567", "+20100****567")]
    [InlineData("+6831234", "+6****34")]
    [InlineData("+68312345", "+6*****45")]
    [InlineData("+1234567", "+1****67")]
    [InlineData("+123456789012345", "+12345*******345")]
    public void KnownNumbersAreMaskedAsTheLogsShowThem(string number, string expected) =>
        Assert.Equal(expected, Redact.Phone(number));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("abc")]
    [InlineData("++++++++")]
    [InlineData("\0\0\0\0\0\0\0\0\0")]
    [InlineData("٠١٠٠١٢٣٤٥٦٧")]
    [InlineData("☎️📞☎️📞")]
    [InlineData("+20 100 123 4567")]
    public void OddInputIsMaskedWithoutThrowing(string? input)
    {
        var masked = Redact.Phone(input);

        Assert.Equal(input?.Length ?? 0, masked.Length);
        if (input is { Length: > 0 }) AssertMaskedShape(input, masked);
    }

    [Theory]
    [InlineData("tel:+6831234", "tel:+6****34")]
    [InlineData("whatsapp:+6831234", "whatsapp:+6****34")]
    [InlineData("whatsapp:+201001234567", "whatsapp:+20100****567")]
    [InlineData("tel:", "tel:")]
    [InlineData("whatsapp:", "whatsapp:")]
    [InlineData("tel:1", "tel:*")]
    [InlineData("telegram:555000111", "telegram:555000111")]
    [InlineData("sim:alice", "sim:alice")]
    [InlineData(":", ":")]
    [InlineData("no-scheme", "no-scheme")]
    public void UrnsMaskOnlyPhoneNumbers(string urn, string expected) => Assert.Equal(expected, Redact.Urn(urn));

    [Theory]
    [MemberData(nameof(Lengths))]
    public void PhoneUrnsOfAnyLengthAreMasked(int length)
    {
        foreach (var scheme in new[] { "tel:", "whatsapp:" })
        {
            var number = Number(length, plus: true);
            var masked = Redact.Urn(scheme + number);

            Assert.StartsWith(scheme, masked);
            AssertMaskedShape(number, masked[scheme.Length..]);
        }
    }

    private static string Number(int length, bool plus) =>
        length == 0 ? "" : plus ? "+" + Digits[..(length - 1)] : Digits[..length];

    /// <summary>AssertMaskedShape: same length, at most 6 characters readable before the stars and 3 after, and enough of them masked.</summary>
    private static void AssertMaskedShape(string original, string masked)
    {
        Assert.Equal(original.Length, masked.Length);
        if (original.Length == 0) return;
        var prefix = 0;
        while (prefix < masked.Length && masked[prefix] == original[prefix] && masked[prefix] != '*') prefix++;
        var stars = 0;
        while (prefix + stars < masked.Length && masked[prefix + stars] == '*') stars++;
        var suffix = masked.Length - prefix - stars;

        Assert.True(prefix <= 6, $"{masked}: {prefix} characters readable at the start");
        Assert.True(suffix <= 3, $"{masked}: {suffix} characters readable at the end");
        Assert.Equal(original[(prefix + stars)..], masked[(prefix + stars)..]);
        var minimum = original.Length <= 12 ? (original.Length + 1) / 2 : 4;
        Assert.True(stars >= minimum, $"{masked}: only {stars} of {original.Length} characters masked");
    }
}
