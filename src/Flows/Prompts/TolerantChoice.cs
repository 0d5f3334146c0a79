using OutreachBot.Flows.Text;

namespace OutreachBot.Flows.Prompts;

/// <summary>TolerantChoice: reads one choice among long labels (quiz answers): number, letter, a label in either language, or a label typed with a few typos.</summary>
public static class TolerantChoice
{
    /// <summary>Index: the 0-based option chosen, or -1 when the message is none of them (or could be more than one).</summary>
    /// <param name="labels">Per option, every label it is known by (its text in each language).</param>
    public static int Index(string normalized, IReadOnlyList<IReadOnlyList<string>> labels)
    {
        if (normalized.Length == 0) return -1;
        if (ChoiceNumber.Index(normalized, labels.Count, letters: true) is { } index) return index;
        var keys = labels.Select(ls => ls.Select(ArabicNormalizer.Normalize).ToList()).ToList();
        for (var i = 0; i < keys.Count; i++)
            if (keys[i].Contains(normalized)) return i;

        // Typos: the nearest label within a distance that grows with its length, and only when no other option is as near.
        var best = -1;
        var bestDistance = int.MaxValue;
        var tie = false;
        for (var i = 0; i < keys.Count; i++)
        {
            foreach (var key in keys[i])
            {
                var allowed = Allowed(key.Length);
                if (allowed == 0 || Math.Abs(key.Length - normalized.Length) > allowed) continue;
                var distance = EditDistance.Between(normalized, key);
                if (distance > allowed) continue;
                if (distance < bestDistance) { best = i; bestDistance = distance; tie = false; }
                else if (distance == bestDistance && best != i) tie = true;
            }
        }
        return tie ? -1 : best;
    }

    // Short labels must be typed exactly ("نعم" one edit away from "نوم"); longer ones forgive about one slip in six letters.
    private static int Allowed(int length) => length <= 3 ? 0 : length <= 6 ? 1 : Math.Max(2, length / 6);
}
