using OutreachBot.Bot.Channels.Twilio;

namespace OutreachBot.Bot.Tests.Twilio;

/// <summary>Small parts of the Twilio channel: address normalising, number masking, cost estimates.</summary>
public sealed class TwilioPartsTests
{
    [Theory]
    [InlineData("+201001234567", "+201001234567")]
    [InlineData("whatsapp:+201001234567", "+201001234567")]
    [InlineData(" +20 100-123-4567 ", "+201001234567")]
    [InlineData("00201001234567", "+201001234567")]
    [InlineData("201001234567", "+201001234567")]
    public void TwilioAddressesNormaliseToE164(string address, string e164)
    {
        Assert.True(TwilioPhone.TryE164(address, out var normalised));
        Assert.Equal(e164, normalised);
    }

    [Theory]
    [InlineData("")]
    [InlineData("MyShop")]
    [InlineData("+0123456789")]
    [InlineData("+1234567")]
    [InlineData("+1234567890123456")]
    public void NonNumbersAreNotE164(string address) => Assert.False(TwilioPhone.TryE164(address, out _));

    [Theory]
    [InlineData("tel:+201001234567", true)]
    [InlineData("whatsapp:+201001234567", true)]
    [InlineData("telegram:12345678", false)]
    public void OnlyPhoneUrnsGiveANumber(string urn, bool ok) => Assert.Equal(ok, TwilioPhone.TryFromUrn(urn, out _));

    [Theory]
    [InlineData("+201001234567", "+20100****567")]
    [InlineData("whatsapp:+201001234567", "whatsapp:+20100****567")]
    [InlineData("tel:+201001234567", "tel:+20100****567")]
    public void NumbersAreMasked(string number, string masked) => Assert.Equal(masked, PhoneMask.Number(number));

    [Fact]
    public void NumbersInsideTextAreMasked() =>
        Assert.Equal("21211 The 'To' number +20100****567 is not valid", PhoneMask.InText("21211 The 'To' number +201001234567 is not valid"));

    [Theory]
    [InlineData("Hello", 1)]
    [InlineData("اكتب اسمك بالكامل (اسمك واسم والدك على الأقل).", 1)]
    public void CostIsSegmentsTimesThePricePerSegment(string text, int segments)
    {
        Assert.Equal(segments * 0.0525m, TwilioCost.Estimate(text, 0.0525m));
        Assert.Equal(3 * 0.0525m, TwilioCost.Estimate(new string('ب', 135), 0.0525m));
    }
}
