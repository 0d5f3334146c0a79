using OutreachBot.Flows.Registry;
using OutreachBot.Flows.Text;
using OutreachBot.Flows.Understanding;
using Intents = OutreachBot.Flows.Understanding.Intents;

namespace OutreachBot.Flows.Tests.Understanding;

/// <summary>OptOutPhraseTests: clear opt-out phrases stop, softer ones are asked about, and a plain no is never an opt-out.</summary>
public sealed class OptOutPhraseTests
{
    private static readonly IntentTable Table = FlowRegistry.Standard().Intents;

    private static string? OptOut(string typed) => Table.OptOut(Utterance.Of(ArabicNormalizer.Normalize(typed)));

    [Theory]
    [InlineData("الغاء الاشتراك")]
    [InlineData("إلغاء الإشتراك من فضلك")]
    [InlineData("عايز الغي الاشتراك")]
    [InlineData("وقفوا الرسايل")]
    [InlineData("مش عايز رسايل تاني")]
    [InlineData("امسحوا رقمي")]
    [InlineData("stop messages")]
    [InlineData("please stop messaging me")]
    [InlineData("unsubscribe me")]
    [InlineData("cancel my subscription")]
    [InlineData("el8y el eshterak")]
    public void ClearPhrasesStop(string typed) => Assert.Equal(Intents.Stop, OptOut(typed));

    [Theory]
    [InlineData("كفاية")]
    [InlineData("كفاية رسايل")]
    [InlineData("بطلوا رسايل")]
    [InlineData("رسايل كتير اوي")]
    [InlineData("زهقت")]
    [InlineData("too many messages")]
    [InlineData("enough")]
    [InlineData("kefaya")]
    public void SofterPhrasesAreAskedAbout(string typed) => Assert.Equal(Intents.StopSoft, OptOut(typed));

    [Theory]
    [InlineData("لا")]
    [InlineData("لأ")]
    [InlineData("no")]
    [InlineData("مش موافق")]
    [InlineData("خلاص")]
    [InlineData("مش عايز الغي الاشتراك")]
    [InlineData("محمد أحمد علي")]
    [InlineData("ملوي")]
    public void NoAndEverydayAnswersAreNoOptOut(string typed) => Assert.Null(OptOut(typed));
}
