using OutreachBot.Flows.SignUp;

namespace OutreachBot.Flows.Tests;

/// <summary>PhoneValidatorTests: Egyptian mobiles in every common spelling; everything else refused.</summary>
public sealed class PhoneValidatorTests
{
    [Theory]
    [InlineData("01012345678", "+201012345678")]
    [InlineData("01112345678", "+201112345678")]
    [InlineData("01212345678", "+201212345678")]
    [InlineData("01512345678", "+201512345678")]
    [InlineData("+201012345678", "+201012345678")]
    [InlineData("00201012345678", "+201012345678")]
    [InlineData("0020 101 234 5678", "+201012345678")]
    [InlineData("010-1234-5678", "+201012345678")]
    [InlineData("٠١٠١٢٣٤٥٦٧٨", "+201012345678")]
    [InlineData("۰۱۰۱۲۳۴۵۶۷۸", "+201012345678")]
    [InlineData("\u200f٠١٠ ١٢٣٤ ٥٦٧٨", "+201012345678")]
    public void AcceptsEgyptianMobilesAsE164(string input, string e164)
    {
        Assert.True(PhoneValidator.TryEgyptianMobile(input, out var actual));
        Assert.Equal(e164, actual);
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("0123")]
    [InlineData("0225551234")]        // Cairo landline
    [InlineData("01312345678")]       // no 013 mobile range
    [InlineData("0101234567")]        // one digit short
    [InlineData("010123456789")]      // one digit long
    [InlineData("+966501234567")]     // Saudi mobile
    [InlineData("+14155552671")]
    [InlineData("010abc45678")]
    [InlineData("1+2012345678")]
    public void RefusesAnythingElse(string? input)
    {
        Assert.False(PhoneValidator.TryEgyptianMobile(input, out var e164));
        Assert.Equal("", e164);
    }

    [Fact]
    public void RefusesVeryLongInputWithoutThrowing() =>
        Assert.False(PhoneValidator.TryEgyptianMobile(new string('1', 10_000), out _));

    [Fact]
    public void WritesNationalFormForDisplay() => Assert.Equal("01012345678", PhoneValidator.National("+201012345678"));
}
