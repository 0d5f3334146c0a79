using System.Globalization;
using OutreachBot.Flows.Model;
using OutreachBot.Flows.Text;

namespace OutreachBot.Flows.Tests;

/// <summary>TextsTests: the resources are complete in both languages and read by explicit culture.</summary>
public sealed class TextsTests
{
    [Fact]
    public void EnglishDefinesExactlyTheArabicKeys()
    {
        Assert.NotEmpty(Texts.AllKeys);
        Assert.Equal(Texts.AllKeys, Texts.KeysOf(CultureInfo.GetCultureInfo("en")));
    }

    [Fact]
    public void ReadsTheRequestedLanguageWhateverTheThreadCulture()
    {
        var saved = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en");
            Assert.Equal("مساعدة", Texts.Get("menu_help", Languages.Arabic));
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("ar-EG");
            Assert.Equal("Help", Texts.Get("menu_help", Languages.English));
        }
        finally
        {
            CultureInfo.CurrentUICulture = saved;
        }
    }

    [Fact]
    public void ArabicTextsAreArabicAndEnglishTextsDiffer()
    {
        foreach (var key in Texts.AllKeys.Where(k => !k.StartsWith("age_", StringComparison.Ordinal) && k is not ("lang_ar" or "lang_en" or "menu_language")))
        {
            var ar = Texts.Get(key, Languages.Arabic);
            Assert.True(ar.Any(c => c is >= '\u0600' and <= '\u06FF'), $"{key} is not Arabic: {ar}");
            Assert.NotEqual(ar, Texts.Get(key, Languages.English));
        }
    }

    [Fact]
    public void UnknownKeyFailsLoudly() => Assert.Throws<KeyNotFoundException>(() => Texts.Get("no_such_key", Languages.Arabic));
}
