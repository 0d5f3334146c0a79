using OutreachBot.Flows.Text;
using OutreachBot.Flows.Understanding;

namespace OutreachBot.Flows.SignUp;

/// <summary>PlaceMatcher: finds the city or markaz a governorate answer names («المنصورة», "Zagazig", «bor sa3eed»), to confirm its governorate.</summary>
/// <remarks>
/// Names are compared on <see cref="GovernorateMatcher.KeyOf"/> (normalised, without articles, «محافظة» and spaces), with and
/// without a leading «مركز» / «مدينة». Latin text must match a listed spelling exactly ("Cairoo city" is no place); Arabic,
/// typed or read from Franco-Arabic, forgives one slip in names of five letters or more.
/// </remarks>
public static class PlaceMatcher
{
    private static readonly string[] Prefixes = ["مركز", "مدينه", "markaz", "markaz of", "city of", "madinet"];

    private static readonly string[] Egypt = ["مصر", "masr", "misr", "egypt"];

    private static readonly Dictionary<string, List<Place>> ByKey = Index();

    /// <summary>IsEgypt: the answer is «مصر» alone, which often means Cairo but may mean the whole country: ask.</summary>
    public static bool IsEgypt(string normalized) => Egypt.Contains(normalized);

    /// <summary>Match: the places the answer names, one per governorate (several when a name is used in more than one), or none.</summary>
    public static IReadOnlyList<Place> Match(Utterance heard)
    {
        var readings = heard.Texts.ToList();
        foreach (var reading in readings)
            if (Exact(reading) is { Count: > 0 } exact) return exact;
        foreach (var reading in readings.Where(IsArabic))
            if (Near(reading) is { Count: > 0 } near) return near;
        return [];
    }

    private static List<Place>? Exact(string reading)
    {
        foreach (var key in Keys(reading))
            if (ByKey.TryGetValue(key, out var places)) return places;
        return null;
    }

    /// <summary>Near: the places one edit from the answer, when they all lie in one governorate or share one name.</summary>
    private static List<Place> Near(string reading)
    {
        foreach (var key in Keys(reading))
        {
            if (key.Length < 5) continue;
            var near = ByKey.Where(k => IsArabic(k.Key) && EditDistance.Within(key, k.Key, 1)).SelectMany(k => k.Value).Distinct().ToList();
            if (near.Count > 0 && near.Select(p => p.Ar).Distinct().Count() == 1) return OnePerGovernorate(near);
        }
        return [];
    }

    private static IEnumerable<string> Keys(string reading)
    {
        yield return GovernorateMatcher.KeyOf(reading);
        foreach (var prefix in Prefixes)
            if (reading.StartsWith(prefix + " ", StringComparison.Ordinal)) yield return GovernorateMatcher.KeyOf(reading[(prefix.Length + 1)..]);
    }

    private static Dictionary<string, List<Place>> Index()
    {
        var index = new Dictionary<string, List<Place>>(StringComparer.Ordinal);
        foreach (var place in Places.All)
        {
            foreach (var name in place.Names)
            {
                var key = GovernorateMatcher.KeyOf(name);
                if (key.Length < 2) continue;
                if (!index.TryGetValue(key, out var list)) index[key] = list = [];
                if (!list.Contains(place)) list.Add(place);
            }
        }
        foreach (var key in index.Keys.ToList()) index[key] = OnePerGovernorate(index[key]);
        return index;
    }

    private static List<Place> OnePerGovernorate(List<Place> places) => [.. places.GroupBy(p => p.Governorate).Select(g => g.First())];

    private static bool IsArabic(string text) => text.Any(c => c is >= '\u0621' and <= '\u064A');
}
