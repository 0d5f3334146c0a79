using OutreachBot.Flows.Registry;
using OutreachBot.Flows.Text;
using OutreachBot.Flows.Understanding;

namespace OutreachBot.Flows.Tests.Understanding;

/// <summary>IntentTests: what residents write outside any flow, in their own words, is read as the intent they mean.</summary>
public sealed class IntentTests
{
    private static readonly IntentTable Intents = FlowRegistry.Standard().Intents;

    private static string? Find(string typed) => Intents.Find(Utterance.Of(ArabicNormalizer.Normalize(typed)));

    [Theory]
    [InlineData("عايز اتطوع", "signup")]
    [InlineData("عاوزة أتطوع", "signup")]
    [InlineData("انا عايزه اسجل لو سمحت", "signup")]
    [InlineData("ازاي اسجل؟", "signup")]
    [InlineData("سجلني", "signup")]
    [InlineData("ana 3awza asagel", "signup")]
    [InlineData("3ayez atetawa3", "signup")]
    [InlineData("I want to volunteer", "signup")]
    [InlineData("sign me up please", "signup")]
    [InlineData("عايز اختبار", "quiz")]
    [InlineData("test me", "quiz")]
    [InlineData("استبيان", "poll")]
    [InlineData("survey", "poll")]
    [InlineData("محتاج مساعدة", "help")]
    [InlineData("ساعدني لو سمحت", "help")]
    [InlineData("how does this work?", "help")]
    [InlineData("القائمة الرئيسية", "menu")]
    [InlineData("main menu", "menu")]
    [InlineData("كلمني انجليزي", "english")]
    [InlineData("in English please", "english")]
    [InlineData("بالعربي لو سمحت", "arabic")]
    [InlineData("انت مين؟", "about")]
    [InlineData("مين معايا", "about")]
    [InlineData("who are you", "about")]
    public void ReadsEverydayPhrasings(string typed, string intent) => Assert.Equal(intent, Find(typed));

    [Theory]
    [InlineData("مش عايز اتطوع")]
    [InlineData("مرحبا")]
    [InlineData("السلام عليكم")]
    [InlineData("hello")]
    [InlineData("نعم")]
    [InlineData("المنيا")]
    [InlineData("xyz")]
    public void NegatedGreetingsAndOtherWordsAreNoIntent(string typed) => Assert.Null(Find(typed));
}
