using OutreachBot.Flows.Engine;
using OutreachBot.Flows.Model;

namespace OutreachBot.Flows.Tests;

/// <summary>ReplyPurposeTests: the opt-out confirmation and the answer to START are marked, so delivery can let only them reach a stopped contact.</summary>
public sealed class ReplyPurposeTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-11-29T08:00:00+02:00");
    private readonly ConversationEngine engine = new(new EngineOptions());

    private StepResult Send(Contact contact, string text, InboundKind kind = InboundKind.Text) =>
        engine.Step(contact, new Session { ContactId = contact.Id }, new Inbound(text, kind, "sms", ChannelTraits.Sms, "+201012345678"), Now);

    [Fact]
    public void StopConfirmationIsMarkedAsOptOutConfirmation()
    {
        var result = Send(new Contact { Id = 1 }, "STOP");
        Assert.Equal(ContactStatus.Stopped, result.Contact.Status);
        Assert.Equal(ReplyPurpose.OptOutConfirmation, Assert.Single(result.Replies).Purpose);
    }

    [Theory]
    [InlineData("START", InboundKind.Text)]
    [InlineData("ابدأ", InboundKind.Text)]
    [InlineData("START", InboundKind.CarrierOptIn)]
    public void EveryAnswerToStartFromStoppedIsMarkedAsOptInAnswer(string text, InboundKind kind)
    {
        var result = Send(new Contact { Id = 1, Status = ContactStatus.Stopped }, text, kind);
        Assert.Equal(ContactStatus.Active, result.Contact.Status);
        Assert.NotEmpty(result.Replies);
        Assert.All(result.Replies, r => Assert.Equal(ReplyPurpose.OptInAnswer, r.Purpose));
    }

    [Theory]
    [InlineData("انضم")]
    [InlineData("HELP")]
    [InlineData("hello")]
    public void OrdinaryAnswersAreConversation(string text)
    {
        var result = Send(new Contact { Id = 1 }, text);
        Assert.NotEmpty(result.Replies);
        Assert.All(result.Replies, r => Assert.Equal(ReplyPurpose.Conversation, r.Purpose));
    }
}
