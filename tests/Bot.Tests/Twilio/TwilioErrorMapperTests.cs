using OutreachBot.Bot.Channels;
using OutreachBot.Bot.Channels.Twilio;
using OutreachBot.Bot.Tests.Twilio.Fake;
using OutreachBot.Storage.Documents;

namespace OutreachBot.Bot.Tests.Twilio;

/// <summary>TwilioErrorMapperTests: numbers of every length in Twilio's error texts are masked without throwing, so errors keep their typed result.</summary>
public sealed class TwilioErrorMapperTests
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
    public void ADigitRunOfAnyLengthIsMaskedOrLeftWhenTooShortToBeANumber(int length)
    {
        foreach (var run in new[] { Digits[..length], "+" + Digits[..length] })
        {
            var text = $"The 'To' number {run} is not a valid phone number (21211).";

            var masked = TwilioErrorMapper.MaskNumbers(text);

            Assert.EndsWith(" is not a valid phone number (21211).", masked); // error codes stay readable
            var digits = run.TrimStart('+');
            if (digits.Length < 7)
            {
                Assert.Equal(text, masked);
                continue;
            }
            Assert.DoesNotContain(digits, masked, StringComparison.Ordinal);
            var shown = masked["The 'To' number ".Length..masked.IndexOf(" is not", StringComparison.Ordinal)];
            Assert.Equal(run.Length, shown.Length);
            Assert.True(shown.Count(c => c != '*') <= 9, shown);
            Assert.True(shown.Count(c => c == '*') >= 4, shown);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("++++++++++++")]
    [InlineData("+ 1234567 +")]
    [InlineData("٠١٠٠١٢٣٤٥٦٧٨٩")]
    [InlineData("Number 12345678 and 87654321 and +6831234.")]
    public void OddTextIsMaskedWithoutThrowing(string text)
    {
        var masked = TwilioErrorMapper.MaskNumbers(text);

        Assert.Equal(text.Length, masked.Length);
        foreach (var number in new[] { "1234567", "12345678", "87654321", "6831234" })
            Assert.DoesNotContain(number, masked, StringComparison.Ordinal);
    }

    public static TheoryData<int, string, Type> ErrorsWithNumbers() => new()
    {
        { 21610, "Attempt to send to unsubscribed recipient +6831234", typeof(SendResult.ContactStopped) },
        { 21610, "Attempt to send to unsubscribed recipient 12345678", typeof(SendResult.ContactStopped) },
        { 21211, "The 'To' number +68312345 is not a valid phone number.", typeof(SendResult.PermanentFailure) },
        { 21211, "The 'To' number 12345678 is not a valid phone number.", typeof(SendResult.PermanentFailure) },
        { 21211, "The 'To' number +12345678901234567890 is not a valid phone number.", typeof(SendResult.PermanentFailure) },
        { 21614, "'To' number +6831234 is not a valid mobile number", typeof(SendResult.PermanentFailure) },
    };

    [Theory]
    [MemberData(nameof(ErrorsWithNumbers))]
    public async Task ErrorsWhoseTextHoldsANumberMapToTheirTypedResult(int code, string message, Type expected)
    {
        await using var host = await TwilioTestHost.StartAsync();
        host.Fake.ScriptError(400, code, message);
        var sms = new OutboxMessage { Id = 7, ContactId = 1, Channel = "sms", Urn = "tel:+6831234", Text = "أهلا" };

        var result = await host.Sender("sms").SendAsync(sms, CancellationToken.None);

        Assert.IsType(expected, result);
        if (result is SendResult.PermanentFailure failure)
        {
            Assert.Equal(code.ToString(System.Globalization.CultureInfo.InvariantCulture), failure.Code);
            Assert.True(failure.FlagUrn);
        }
        var number = message.Split(' ').First(w => w.TrimStart('+').Length >= 7 && w.TrimStart('+').All(char.IsAsciiDigit));
        Assert.DoesNotContain(number.TrimStart('+'), host.Logs.AllText);
        Assert.DoesNotContain("6831234", host.Logs.AllText);
    }
}
