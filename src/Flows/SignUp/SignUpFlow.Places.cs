using OutreachBot.Flows.Prompts;
using OutreachBot.Flows.Text;

namespace OutreachBot.Flows.SignUp;

/// <summary>SignUpFlow (places): the governorate and village answers; a city or markaz given for the governorate is confirmed in one line, and offered again at the village step.</summary>
/// <remarks>
/// People answer «إنت من أنهي محافظة؟» with their town («المنصورة», "Zagazig", «bor sa3eed»). The town's governorate is
/// asked about once («المنصورة — محافظة الدقهلية؟»); yes takes it and offers the town as the markaz, no asks for the
/// governorate again. «مصر» alone often means Cairo but may mean the whole country, so it is asked about («تقصد القاهرة؟»).
/// </remarks>
public sealed partial class SignUpFlow
{
    private const string Cairo = "C";

    private void AnswerGovernorate()
    {
        if (turn.Traits.IsSms && turn.Normalized is "0" or "list")
        {
            SendGovernorateList(T("gov_list_header"));
            return;
        }
        var match = GovernorateMatcher.Match(turn.Inbound.Text);
        if (match.Match is null && !match.IsAmbiguous && turn.Options.Understanding)
        {
            match = FrancoGovernorate() ?? match;
            if (match.Match is null && UnderstoodPlace()) return;
        }
        if (match.Match is { } governorate)
        {
            Answers[AnswerKeys.Governorate] = governorate.Code;
            Answers.Remove(AnswerKeys.Place);
            Accepted();
        }
        else if (match.IsAmbiguous)
        {
            turn.Session.Attempts++;
            AskAmongGovernorates(match.Candidates);
            OfferHelpIfDue();
        }
        else Fail();
    }

    private void AnswerVillage()
    {
        // The offered place is taken by its button, its number (1) or its name in either language.
        var village = SuggestedPlace() is { } place
            && (ChoiceParser.IndexOf(turn.Normalized, [place.Label(turn.Language)]) == 0 || place.Names.Take(2).Any(n => ArabicNormalizer.Normalize(n) == turn.Normalized))
            ? place.Label(turn.Language)
            : ArabicNormalizer.Clean(turn.Inbound.Text);
        if (village.Length is < 2 or > 60 || !village.Any(char.IsLetter)) { Fail(); return; }
        Answers[AnswerKeys.Village] = village;
        Answers.Remove(AnswerKeys.Place);
        if (!NeedsPhone && PhoneValidator.TryEgyptianMobile(turn.Inbound.ChannelPhone, out var channelPhone))
            Answers[AnswerKeys.Phone] = channelPhone;
        Accepted();
    }

    /// <summary>UnderstoodPlace: the answer names «مصر» or a known place: ask to confirm its governorate (or among governorates sharing the name).</summary>
    private bool UnderstoodPlace()
    {
        if (turn.Read(text => PlaceMatcher.IsEgypt(text) ? text : null) is not null)
        {
            Answers.Remove(AnswerKeys.Place);
            Answers[AnswerKeys.PlaceGovernorate] = Cairo;
            Fire(Trigger.Confirm);
            return true;
        }
        var places = PlaceMatcher.Match(turn.Heard);
        if (places.Count == 0) return false;
        if (places.Count > 1)
        {
            turn.Session.Attempts++;
            AskAmongGovernorates([.. places.Select(p => Governorates.ByCode(p.Governorate)!)]);
            OfferHelpIfDue();
            return true;
        }
        var place = places[0];
        if (IsCapitalOfTheSameName(place))
        {
            // «el 2ahera» is the city of Cairo and names its governorate: nothing to confirm.
            Answers[AnswerKeys.Governorate] = place.Governorate;
            Answers.Remove(AnswerKeys.Place);
            Accepted();
            return true;
        }
        Answers[AnswerKeys.Place] = place.Ar;
        Answers[AnswerKeys.PlaceGovernorate] = place.Governorate;
        Fire(Trigger.Confirm);
        return true;
    }

    private static bool IsCapitalOfTheSameName(Place place) =>
        place.Kind == "capital" && Governorates.ByCode(place.Governorate) is { } g && GovernorateMatcher.KeyOf(g.Arabic) == GovernorateMatcher.KeyOf(place.Ar);

    /// <summary>FrancoGovernorate: a governorate named in Franco-Arabic with digits («el sharkeya», «el 2ahera»), or null.</summary>
    private GovernorateMatch? FrancoGovernorate() =>
        turn.Read(GovernorateMatcher.Exact) is { } governorate ? new GovernorateMatch(governorate, [governorate]) : null;

    private void AnswerConfirmPlace()
    {
        switch (YesNo.Read(turn))
        {
            case YesNoAnswer.Yes:
                Answers[AnswerKeys.Governorate] = Answers.GetValueOrDefault(AnswerKeys.PlaceGovernorate) ?? Cairo;
                Answers.Remove(AnswerKeys.PlaceGovernorate);
                if (Editing) Answers.Remove(AnswerKeys.Place);
                Accepted();
                break;
            case YesNoAnswer.No:
                Answers.Remove(AnswerKeys.Place);
                Answers.Remove(AnswerKeys.PlaceGovernorate);
                Fire(Trigger.Back);
                break;
            case YesNoAnswer.Maybe: Fail(); break;
            default:
                // Not a yes or no: most likely the governorate itself («الدقهلية»), so it is read as the governorate answer.
                Answers.Remove(AnswerKeys.Place);
                Answers.Remove(AnswerKeys.PlaceGovernorate);
                turn.Session.State = State.Governorate.ToString();
                AnswerGovernorate();
                break;
        }
    }

    /// <summary>PlaceQuestion: «المنصورة — محافظة الدقهلية؟», or «تقصد القاهرة؟» after «مصر».</summary>
    private string PlaceQuestion()
    {
        var governorate = Governorates.ByCode(Answers.GetValueOrDefault(AnswerKeys.PlaceGovernorate)) ?? Governorates.ByCode(Cairo)!;
        var place = Places.Find(governorate.Code, Answers.GetValueOrDefault(AnswerKeys.Place));
        return place is null ? T("place_cairo") : T("place_confirm", place.Label(turn.Language), governorate.Label(turn.Language));
    }

    /// <summary>SuggestedPlace: the confirmed city or markaz, offered as the village step's answer.</summary>
    private Place? SuggestedPlace() => Places.Find(Answers.GetValueOrDefault(AnswerKeys.Governorate), Answers.GetValueOrDefault(AnswerKeys.Place));
}
