using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace OutreachBot.Flows.SignUp;

/// <summary>Place: a city, markaz or district of a governorate, as Resources/Places.yaml names it.</summary>
/// <param name="Governorate">The governorate's code (<see cref="Governorates"/>).</param>
/// <param name="Spellings">Other ways people type it (English variants, Franco-Arabic, Arabic without ال).</param>
public sealed record Place(string Governorate, string Ar, string En, string Kind, IReadOnlyList<string> Spellings)
{
    /// <summary>Label: the name shown in <paramref name="language"/>.</summary>
    public string Label(string language) => language == Model.Languages.English ? En : Ar;

    /// <summary>Names: every name the place is known by.</summary>
    public IEnumerable<string> Names => new[] { Ar, En }.Concat(Spellings);
}

/// <summary>PlaceSection: one governorate's section of Resources/Places.yaml.</summary>
public sealed record PlaceSection(string Governorate, IReadOnlyList<Place> Places);

/// <summary>Places: the places of Resources/Places.yaml (read once from the embedded file; its header says how to add one).</summary>
public static class Places
{
    /// <summary>Sections: the file's governorate sections as written, in order (a governorate written twice is there twice).</summary>
    public static IReadOnlyList<PlaceSection> Sections { get; } = Load();

    /// <summary>All: every place, governorate by governorate, in the file's order.</summary>
    public static IReadOnlyList<Place> All { get; } = [.. Sections.SelectMany(s => s.Places)];

    /// <summary>Find: the place of <paramref name="governorate"/> called <paramref name="ar"/>, or null.</summary>
    public static Place? Find(string? governorate, string? ar) => All.FirstOrDefault(p => p.Governorate == governorate && p.Ar == ar);

    private static List<PlaceSection> Load()
    {
        using var stream = typeof(Places).Assembly.GetManifestResourceStream("OutreachBot.Flows.Resources.Places.yaml")
            ?? throw new InvalidOperationException("Places.yaml is not embedded in OutreachBot.Flows");
        using var reader = new StreamReader(stream);
        var deserializer = new DeserializerBuilder().WithNamingConvention(CamelCaseNamingConvention.Instance).Build();
        var entries = deserializer.Deserialize<List<GovernorateEntry>>(reader) ?? [];
        return [.. entries.Select(g => new PlaceSection(g.Governorate, [.. g.Places.Select(p => new Place(g.Governorate, p.Ar, p.En, p.Kind, [.. p.Spellings]))]))];
    }

    private sealed class GovernorateEntry
    {
        public string Governorate { get; set; } = "";
        public List<PlaceEntry> Places { get; set; } = [];
    }

    private sealed class PlaceEntry
    {
        public string Ar { get; set; } = "";
        public string En { get; set; } = "";
        public string Kind { get; set; } = "";
        public List<string> Spellings { get; set; } = [];
    }
}
