using System.Text;
using OutreachBot.Flows.Engine;
using OutreachBot.Flows.Model;
using OutreachBot.Flows.Text;

namespace OutreachBot.Flows.Tests;

/// <summary>CompatibilityFormsTests: Arabic presentation forms and fullwidth Latin match like the letters they show (NFKC first).</summary>
public sealed class CompatibilityFormsTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-11-29T08:00:00+02:00");

    [Theory]
    [InlineData("ﺗﻮﻗﻒ", "توقف")]
    [InlineData("ﺇﻟﻐﺎء", "الغاء")]
    [InlineData("ﺍﻧﻀﻢ", "انضم")]
    [InlineData("ﻻ", "لا")]
    [InlineData("ﷲ", "الله")]
    [InlineData("ﺍﻟﻤﻨﻴﺎ", "المنيا")]
    [InlineData("ＳＴＯＰ", "stop")]
    [InlineData("Ｊｏｉｎ", "join")]
    [InlineData("１ ３", "1 3")]
    [InlineData("①", "1")]
    [InlineData("ﬁne", "fine")]
    [InlineData("نعم\u00A0", "نعم")]
    [InlineData("ا\u0654حمد", "احمد")]
    public void CompatibilityFormsFoldToTheLettersTheyShow(string input, string expected) =>
        Assert.Equal(expected, ArabicNormalizer.Normalize(input));

    [Theory]
    [InlineData("ﺗﻮﻗﻒ")]
    [InlineData("ＳＴＯＰ")]
    [InlineData("ｓｔｏｐ")]
    [InlineData("ﺇﻟﻐﺎء")]
    public void PresentationFormsAndFullwidthOptOutLikeThePlainKeyword(string text)
    {
        var engine = new ConversationEngine(new EngineOptions());
        var contact = new Contact { Id = 1, Urns = ["sim:a"] };
        var session = new Session { ContactId = 1, Flow = "signup", State = "FullName", ExpiresAt = Now.AddDays(1) };

        var result = engine.Step(contact, session, new Inbound(text, InboundKind.Text, "sim", ChannelTraits.Simulator), Now);
        var plain = engine.Step(contact, session, new Inbound("STOP", InboundKind.Text, "sim", ChannelTraits.Simulator), Now);

        Assert.Equal(ContactStatus.Stopped, result.Contact.Status);
        Assert.Null(result.Session.Flow);
        Assert.Equal(plain.Replies.Select(r => r.Text), result.Replies.Select(r => r.Text));
    }

    [Fact]
    public void TheFoldedFormDependsOnlyOnTheNfkcFormForEveryCharacter()
    {
        var differences = new List<string>();
        for (var c = 1; c <= 0xFFFF; c++)
        {
            if (c is >= 0xD800 and <= 0xDFFF or 0xFFFE) continue; // .NET refuses to normalize these; see the test below
            var text = "ب" + (char)c + "ب";
            Check(text, differences);
        }
        for (var c = 0x10000; c <= 0x1FFFF; c++) Check("ب" + char.ConvertFromUtf32(c) + "ب", differences);
        // Marks that compose with the letter before them, or are reordered around it.
        for (var letter = 0x0620; letter <= 0x06D5; letter++)
            foreach (var mark in Marks())
                Check($"{(char)letter}{mark}", differences);

        Assert.True(differences.Count == 0, string.Join("\n", differences.Take(20)));
    }

    [Theory]
    [InlineData("\uD800", "")]
    [InlineData("ﺗﻮﻗﻒ\uDC00", "توقف")]
    [InlineData("\uDBFFＳＴＯＰ", "stop")]
    [InlineData("a\uD83D", "a")]
    [InlineData("\uFFFEＳＴＯＰ", "stop")]
    public void LoneSurrogatesAndNoncharactersDoNotStopNormalization(string text, string expected) =>
        Assert.Equal(expected, ArabicNormalizer.Normalize(text));

    private static IEnumerable<string> Marks()
    {
        for (var m = 0x0610; m <= 0x061A; m++) yield return ((char)m).ToString();
        for (var m = 0x064B; m <= 0x065F; m++) yield return ((char)m).ToString();
        yield return "\u0670";
        for (var m = 0x06D6; m <= 0x06ED; m++) yield return ((char)m).ToString();
        yield return "\u0651\u064E"; // shadda then fatha: NFKC reorders them
        yield return "\u064E\u0654"; // fatha then hamza above: the hamza still composes with the letter
    }

    private static void Check(string text, List<string> differences)
    {
        var direct = ArabicNormalizer.Normalize(text);
        string nfkc;
        try
        {
            nfkc = text.Normalize(NormalizationForm.FormKC);
        }
        catch (ArgumentException)
        {
            differences.Add($"{Hex(text)}: refused by .NET");
            return;
        }
        var viaNfkc = ArabicNormalizer.Normalize(nfkc);
        if (direct != viaNfkc) differences.Add($"{Hex(text)}: {Hex(direct)} but NFKC first gives {Hex(viaNfkc)}");
    }

    private static string Hex(string s) => string.Join(' ', s.Select(c => ((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture)));
}
