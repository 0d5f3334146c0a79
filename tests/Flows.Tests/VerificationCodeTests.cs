using OutreachBot.Flows.Engine;
using OutreachBot.Flows.Model;
using OutreachBot.Flows.SignUp;

namespace OutreachBot.Flows.Tests;

/// <summary>VerificationCodeTests: codes come only from the host's randomness, are kept only as a salted hash, and only go to the typed number.</summary>
public sealed class VerificationCodeTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-11-29T08:00:00+02:00");

    [Fact]
    public void ACodeIsSixDigitsFromTheNonceAndOnlyItsSaltedHashIsKept()
    {
        var code = VerificationCode.FromNonce("00112233445566778899aabbccddeeff")!;
        Assert.Equal("918976", code.Code);
        Assert.DoesNotContain(code.Code, code.Hash);
        Assert.True(VerificationCode.Matches("918976", code.Salt, code.Hash));
        Assert.False(VerificationCode.Matches("918977", code.Salt, code.Hash));
        Assert.False(VerificationCode.Matches("918976", "00" + code.Salt[2..], code.Hash));
    }

    [Fact]
    public void DifferentNoncesGiveDifferentCodesAndNoNonceGivesNone()
    {
        var codes = Enumerable.Range(0, 200).Select(i => VerificationCode.FromNonce(Convert.ToHexString(System.Security.Cryptography.SHA256.HashData([(byte)i]))[..32])!.Code).ToHashSet();
        Assert.True(codes.Count > 190);
        Assert.Null(VerificationCode.FromNonce(null));
        Assert.Null(VerificationCode.FromNonce("1234"));
        Assert.Null(VerificationCode.FromNonce(new string('z', 32)));
    }

    [Theory]
    [InlineData("918976", "918976")]
    [InlineData("٩١٨٩٧٦", "918976")]
    [InlineData("918 976", "918976")]
    [InlineData("918-976", "918976")]
    [InlineData("01001234567", null)]
    [InlineData("12345", null)]
    [InlineData("resend", null)]
    public void ATypedCodeIsSixDigitsInAnyScript(string text, string? expected) => Assert.Equal(expected, VerificationCode.Typed(text));

    [Fact]
    public void WithoutSmsATypedNumberIsSentNothingAndBecomesNoPhone()
    {
        var (replies, contact) = TypeANumber(new EngineOptions { SmsVerification = false });
        Assert.All(replies, r => Assert.Null(r.To));
        Assert.Null(contact.Phone);
        Assert.DoesNotContain(contact.Urns, u => u.StartsWith("tel:", StringComparison.Ordinal));
    }

    [Fact]
    public void WithSmsTheOnlyReplyToTheTypedNumberIsTheCodeAndTheSessionKeepsNoCode()
    {
        var (replies, contact, session) = TypeANumberWithSession(new EngineOptions { SmsVerification = true });
        var sms = Assert.Single(replies, r => r.To is not null);
        Assert.Equal(new ReplyDestination("sms", "tel:+201001234567"), sms.To);
        Assert.Equal(ReplyPurpose.VerificationCode, sms.Purpose);
        Assert.Contains("918976", sms.Text);
        Assert.DoesNotContain(session.Answers.Values, v => v.Contains("918976"));
        Assert.Null(contact.Phone);
        Assert.Equal("+201001234567", contact.UnverifiedPhone);
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(25, true)]
    public void CodesAreCountedOnTheContactSoRestartingTheFlowGivesNoFreshOnes(int hoursSinceFirst, bool sent)
    {
        var contact = new Contact { Id = 4, Urns = ["telegram:4"], CodesSent = 3, CodesSentSince = Now.AddHours(-hoursSinceFirst) };
        var session = new Session { ContactId = 4, Flow = "signup", State = "Phone", ExpiresAt = Now.AddDays(1) };
        var inbound = new Inbound("01001234567", InboundKind.Text, "telegram", ChannelTraits.Telegram, Nonce: "00112233445566778899aabbccddeeff");
        var result = new ConversationEngine(new EngineOptions { SmsVerification = true }).Step(contact, session, inbound, Now);
        Assert.Equal(sent, result.Replies.Any(r => r.Purpose == ReplyPurpose.VerificationCode));
        Assert.Equal(sent ? "VerifyCode" : "AgeBand", result.Session.State);
        Assert.Equal("+201001234567", sent ? result.Contact.UnverifiedPhone : result.Session.Answers["phone_unverified"]);
    }

    private static (IReadOnlyList<Reply>, Contact) TypeANumber(EngineOptions options)
    {
        var (replies, contact, _) = TypeANumberWithSession(options);
        return (replies, contact);
    }

    private static (IReadOnlyList<Reply>, Contact, Session) TypeANumberWithSession(EngineOptions options)
    {
        var session = new Session
        {
            ContactId = 4, Flow = "signup", State = "Phone", ExpiresAt = Now.AddDays(1),
            Answers = { ["name"] = "منى سعيد", ["governorate"] = "MN", ["village"] = "ملوي" },
        };
        var inbound = new Inbound("01001234567", InboundKind.Text, "telegram", ChannelTraits.Telegram, Nonce: "00112233445566778899aabbccddeeff");
        var result = new ConversationEngine(options).Step(new Contact { Id = 4, Urns = ["telegram:4"] }, session, inbound, Now);
        return (result.Replies, result.Contact, result.Session);
    }
}
