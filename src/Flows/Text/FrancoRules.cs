namespace OutreachBot.Flows.Text;

/// <summary>FrancoRules: how Franco-Arabic (Arabizi) letters and digits are read as Arabic letters, most likely reading first.</summary>
/// <remarks>
/// Egyptians write Arabic in Latin letters with digits for the sounds Latin lacks: 2 ء (and ق, which Cairenes say as a
/// hamza), 3 ع, 5 خ, 7 ح, 6 ط, 8 غ, 9 ص. Short vowels are usually written in Franco but not in Arabic, so a vowel
/// inside a word reads first as nothing, then as its long letter; a final a/e reads as ة (normalised ه) or ا/ي.
/// An empty string means "no letter"; a reading marked "~" is rarer than its place in the list says (one step dearer).
/// </remarks>
internal static class FrancoRules
{
    /// <summary>Pairs: two characters read as one sound; checked before single letters.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Pairs = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["sh"] = ["ش"], ["ch"] = ["ش"], ["kh"] = ["خ"], ["gh"] = ["غ"], ["th"] = ["ث", "ت"], ["dh"] = ["ذ", "ض"],
        ["3'"] = ["غ"], ["7'"] = ["خ"], ["ou"] = ["و"], ["oo"] = ["و"], ["ee"] = ["ي"], ["ii"] = ["ي"], ["ei"] = ["ي"],
        ["ai"] = ["ي", "اي"], ["aa"] = ["ا"], ["ie"] = ["ي"],
    };

    /// <summary>Consonants: a letter or digit that reads the same wherever it stands in the word.</summary>
    public static readonly IReadOnlyDictionary<char, string[]> Consonants = new Dictionary<char, string[]>
    {
        ['b'] = ["ب"], ['p'] = ["ب"], ['t'] = ["ت", "~ط"], ['g'] = ["ج"], ['j'] = ["ج"], ['d'] = ["د", "ض"],
        ['z'] = ["ز", "~ظ"], ['r'] = ["ر"], ['s'] = ["س", "~ص"], ['f'] = ["ف"], ['v'] = ["ف"], ['q'] = ["ق"],
        ['k'] = ["ك", "ق"], ['l'] = ["ل"], ['m'] = ["م"], ['n'] = ["ن"], ['h'] = ["ه", "~ح"], ['w'] = ["و"],
        ['y'] = ["ي"], ['x'] = ["كس"], ['c'] = ["ك"],
        ['3'] = ["ع"], ['5'] = ["خ"], ['7'] = ["ح"], ['6'] = ["ط"], ['8'] = ["غ", "ق"], ['9'] = ["ص"],
    };

    /// <summary>Hamza: the digit 2 at the start, inside and at the end of a word («2ahera» قاهرة, «so2al», «la2» لأ).</summary>
    public static readonly string[][] Hamza = [["ا", "ق"], ["ق", "ء", ""], ["ء", "", "ق"]];

    /// <summary>Vowels: each vowel at the start, inside and at the end of a word.</summary>
    public static readonly IReadOnlyDictionary<char, string[][]> Vowels = new Dictionary<char, string[][]>
    {
        ['a'] = [["ا"], ["", "ا"], ["ه", "ا"]],
        ['e'] = [["ا"], ["", "ي"], ["ه", "ي"]],
        ['i'] = [["ا"], ["ي", ""], ["ي"]],
        ['o'] = [["ا", "او"], ["و", ""], ["و"]],
        ['u'] = [["ا", "او"], ["و", ""], ["و"]],
    };

    /// <summary>Articles: words that are the Arabic article on their own ("el sharkeya" is «الشرقية»).</summary>
    public static readonly IReadOnlySet<string> Articles = new HashSet<string>(StringComparer.Ordinal) { "el", "al", "il", "l" };
}
