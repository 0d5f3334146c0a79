using OutreachBot.Flows.Engine;
using OutreachBot.Flows.Model;
using OutreachBot.Flows.Text;

namespace OutreachBot.Flows.Tests;

/// <summary>ConversationEngineTests: engine-wide rules that hold whatever the conversation.</summary>
public sealed class ConversationEngineTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-11-29T08:00:00+02:00");
    private readonly ConversationEngine engine = new(new EngineOptions());
    private readonly ConversationEngine verifying = new(new EngineOptions { SmsVerification = true });

    [Fact]
    public void RandomMessagesInEveryStateNeverThrowAndKeepSmsRepliesWithinBudget()
    {
        var random = new Random(20261129);
        string[] samples =
        [
            "", "1", "2", "3", "0", "17", "99", "back", "رجوع", "JOIN", "انضم", "المنيا", "Minya", "محمد أحمد", "01012345678",
            "yes", "لا", "تعديل", "/start", "HELP", "English", "عربي", "\0", "😀", "\u200f", new string('x', 10_000), "1 3", "١، ٣",
            "123456", "٩١٨٩٧٦", "resend", "skip", "غيّره", "سيبه زي ما هو",
        ];
        string[] states = ["Language", "FullName", "Governorate", "Village", "Phone", "AgeBand", "Gender", "Interests",
            "Availability", "Consent", "Summary", "EditField", "Resume", "Registered", "VerifyCode", "ConfirmChange", "OptedOut",
            "Bogus", "42", ""];
        ChannelTraits[] channels = [ChannelTraits.Simulator, ChannelTraits.Telegram, ChannelTraits.Sms, ChannelTraits.WhatsApp];
        for (var i = 0; i < 3000; i++)
        {
            var contact = new Contact { Id = i, Language = random.Next(3) == 0 ? "en" : "ar" };
            if (random.Next(4) == 0) { contact.RegisteredAt = Now; contact.Name = "محمد أحمد"; }
            if (random.Next(8) == 0) contact.Status = ContactStatus.Stopped;
            var session = new Session
            {
                Flow = random.Next(5) == 0 ? null : random.Next(10) == 0 ? "unknown" : "signup",
                State = states[random.Next(states.Length)],
                ExpiresAt = random.Next(4) == 0 ? Now.AddMinutes(-1) : Now.AddDays(1),
            };
            if (random.Next(3) == 0) session.Answers["_editing"] = "1";
            if (random.Next(3) == 0) session.Answers["_profile"] = "1";
            if (random.Next(3) == 0) session.Answers["_resume_at"] = states[random.Next(states.Length)];
            if (random.Next(3) == 0) session.Answers["_verify_phone"] = "+201001234567";
            if (random.Next(3) == 0) session.Answers["_pending:name"] = "منى علي";
            var traits = channels[random.Next(channels.Length)];
            var kind = (InboundKind)random.Next(6);
            var inbound = new Inbound(samples[random.Next(samples.Length)], kind, "test", traits,
                random.Next(2) == 0 ? "+201012345678" : null);

            if (random.Next(2) == 0) inbound = inbound with { Nonce = "00112233445566778899aabbccddeeff" };
            var result = (random.Next(2) == 0 ? engine : verifying).Step(contact, session, inbound, Now);

            if (traits.IsSms) Assert.All(result.Replies, r => Assert.True(SmsBudget.Fits(r.Text), r.Text));
            if (!traits.HasButtons) Assert.All(result.Replies, r => Assert.Empty(r.ChoiceList));
            Assert.All(result.Replies, r => Assert.False(string.IsNullOrWhiteSpace(r.Text)));
        }
    }

    [Fact]
    public void StepNeverMutatesItsInputs()
    {
        var contact = new Contact { Id = 5, Interests = ["wai"] };
        var session = new Session { Flow = "signup", State = "Interests", ExpiresAt = Now.AddDays(1) };
        var result = engine.Step(contact, session, new Inbound("1 2", InboundKind.Text, "sim", ChannelTraits.Simulator), Now);

        Assert.Equal("Availability", result.Session.State);
        Assert.Equal("Interests", session.State);
        Assert.Empty(session.Answers);
        Assert.Equal(default, contact.LastSeenAt);
        Assert.Equal(Now, result.Contact.LastSeenAt);
        Assert.NotSame(contact, result.Contact);
    }

    [Fact]
    public void ActiveFlowExpiresAfterTheIdleTimeoutAndNoFlowHasNoExpiry()
    {
        var options = new EngineOptions { SessionIdleTimeout = TimeSpan.FromHours(6) };
        var engine6h = new ConversationEngine(options);
        var join = engine6h.Step(new Contact { Id = 1 }, new Session(), new Inbound("JOIN", InboundKind.Text, "sim", ChannelTraits.Simulator), Now);
        Assert.Equal(Now.AddHours(6), join.Session.ExpiresAt);
        Assert.Equal(1, join.Session.ContactId);

        var menu = engine6h.Step(join.Contact, join.Session, new Inbound("MENU", InboundKind.Text, "sim", ChannelTraits.Simulator), Now.AddMinutes(1));
        Assert.Null(menu.Session.Flow);
        Assert.Null(menu.Session.ExpiresAt);
    }

    [Fact]
    public void GroupChatGetsOneLineAndChangesNothing()
    {
        var contact = new Contact { Id = 9 };
        var result = engine.Step(contact, new Session(), new Inbound("JOIN", InboundKind.GroupChat, "telegram", ChannelTraits.Telegram), Now);
        Assert.Single(result.Replies);
        Assert.Null(result.Session.Flow);
        Assert.Equal(default, result.Contact.LastSeenAt);
    }
}
