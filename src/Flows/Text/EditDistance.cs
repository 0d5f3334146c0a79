namespace OutreachBot.Flows.Text;

/// <summary>EditDistance: optimal-string-alignment distance (insert, delete, substitute, swap neighbours).</summary>
public static class EditDistance
{
    /// <summary>Between: number of single-character edits turning <paramref name="a"/> into <paramref name="b"/>.</summary>
    public static int Between(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var best = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    best = Math.Min(best, d[i - 2, j - 2] + 1);
                d[i, j] = best;
            }
        }
        return d[a.Length, b.Length];
    }

    /// <summary>Within: the distance of <see cref="Between"/> is at most <paramref name="max"/>, found without allocating.</summary>
    /// <remarks>It runs for every word of every message against the phrase lists, so it keeps three rows on the stack and stops
    /// as soon as a whole row is past <paramref name="max"/>.</remarks>
    public static bool Within(string a, string b, int max)
    {
        if (Math.Abs(a.Length - b.Length) > max) return false;
        if (max == 0 || a.Length == 0 || b.Length == 0) return max == 0 ? a == b : Math.Max(a.Length, b.Length) <= max;
        if (b.Length > 63) return Between(a, b) <= max;
        Span<int> before = stackalloc int[b.Length + 1];
        Span<int> previous = stackalloc int[b.Length + 1];
        Span<int> current = stackalloc int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            var rowBest = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var best = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) best = Math.Min(best, before[j - 2] + 1);
                current[j] = best;
                rowBest = Math.Min(rowBest, best);
            }
            if (rowBest > max) return false;
            var spare = before;
            before = previous;
            previous = current;
            current = spare;
        }
        return previous[b.Length] <= max;
    }
}
