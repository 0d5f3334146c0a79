using OutreachBot.Flows.Prompts;
using OutreachBot.Flows.SignUp;
using OutreachBot.Flows.Text;
using OutreachBot.Flows.Understanding;

namespace OutreachBot.Flows.Tests.Understanding;

/// <summary>YesNoTests: yes and no as people say them, in Arabic, English and Franco-Arabic; a hopeful maybe is never a yes.</summary>
public sealed class YesNoTests
{
    private static YesNoAnswer Read(string typed, IReadOnlyList<ChoiceOption>? options = null) =>
        YesNo.Read(Utterance.Of(ArabicNormalizer.Normalize(typed)), options);

    [Theory]
    [InlineData("أيوه")]
    [InlineData("آه")]
    [InlineData("اه والله")]
    [InlineData("تمام")]
    [InlineData("حاضر")]
    [InlineData("ماشي")]
    [InlineData("أيوه طبعاً")]
    [InlineData("اكيد")]
    [InlineData("ok")]
    [InlineData("Yes please")]
    [InlineData("yeah sure")]
    [InlineData("aywa")]
    [InlineData("aiwa")]
    [InlineData("tamam")]
    [InlineData("1")]
    [InlineData("١")]
    public void ReadsYes(string typed) => Assert.Equal(YesNoAnswer.Yes, Read(typed));

    [Theory]
    [InlineData("لأ")]
    [InlineData("لا")]
    [InlineData("لا شكرا")]
    [InlineData("مش هقدر")]
    [InlineData("لا مش هقدر")]
    [InlineData("مش دلوقتي")]
    [InlineData("مينفعش")]
    [InlineData("nope")]
    [InlineData("No thanks")]
    [InlineData("not now")]
    [InlineData("la2")]
    [InlineData("2")]
    public void ReadsNo(string typed) => Assert.Equal(YesNoAnswer.No, Read(typed));

    [Theory]
    [InlineData("إن شاء الله")]
    [InlineData("انشالله")]
    [InlineData("ممكن")]
    [InlineData("يمكن")]
    [InlineData("أيوه إن شاء الله")]
    [InlineData("مش عارف")]
    [InlineData("maybe")]
    [InlineData("not sure")]
    [InlineData("inshallah")]
    public void AMaybeIsNeverAYes(string typed) => Assert.Equal(YesNoAnswer.Maybe, Read(typed));

    [Theory]
    [InlineData("المنيا")]
    [InlineData("مش تمام")]
    [InlineData("أيوه لأ")]
    [InlineData("hello")]
    [InlineData("")]
    public void AnythingElseIsUnknown(string typed) => Assert.Equal(YesNoAnswer.Unknown, Read(typed));

    [Theory]
    [InlineData("موافق", YesNoAnswer.Yes)]
    [InlineData("مش موافق", YesNoAnswer.No)]
    [InlineData("موافقة طبعا", YesNoAnswer.Yes)]
    [InlineData("I agree", YesNoAnswer.Yes)]
    [InlineData("ممكن", YesNoAnswer.Maybe)]
    public void ReadsConsentWithItsOwnWords(string typed, YesNoAnswer expected) => Assert.Equal(expected, Read(typed, ChoiceSets.Consent));
}
