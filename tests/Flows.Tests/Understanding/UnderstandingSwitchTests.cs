using OutreachBot.Flows.Engine;
using OutreachBot.Flows.Model;

namespace OutreachBot.Flows.Tests.Understanding;

/// <summary>UnderstandingSwitchTests: Flows:Understanding off answers as before the layer existed (exact keywords only); on, the same messages are understood.</summary>
public sealed class UnderstandingSwitchTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-11-29T08:00:00+02:00");

    private static StepResult Send(bool understanding, string text, Session? session = null)
    {
        var engine = new ConversationEngine(new EngineOptions { Understanding = understanding });
        var contact = new Contact { Id = 7, Language = Languages.Arabic };
        return engine.Step(contact, session ?? new Session(), new Inbound(text, InboundKind.Text, "sim", ChannelTraits.Simulator), Now);
    }

    [Theory]
    [InlineData("عايز اتطوع")]
    [InlineData("endam")]
    public void JoiningInOwnWordsNeedsTheLayer(string text)
    {
        Assert.Null(Send(understanding: false, text).Session.Flow);
        Assert.Equal("signup", Send(understanding: true, text).Session.Flow);
    }

    [Fact]
    public void AnOptOutPhraseNeedsTheLayer()
    {
        Assert.Equal(ContactStatus.Active, Send(understanding: false, "الغاء الاشتراك").Contact.Status);
        Assert.Equal(ContactStatus.Stopped, Send(understanding: true, "الغاء الاشتراك").Contact.Status);
    }

    [Fact]
    public void ASoftOptOutIsAskedOnlyWithTheLayer()
    {
        Assert.False(Send(understanding: false, "كفاية").Session.StopAsked);
        Assert.True(Send(understanding: true, "كفاية").Session.StopAsked);
    }

    [Fact]
    public void AFrancoYesNeedsTheLayer()
    {
        var offered = new Session { Offer = new FlowOffer { Flow = "signup" } };
        Assert.Null(Send(understanding: false, "aywa", offered).Session.Flow);
        Assert.Equal("signup", Send(understanding: true, "aywa", offered).Session.Flow);
    }
}
