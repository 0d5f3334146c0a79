namespace OutreachBot.Bench.Pipeline;

/// <summary>SignUpScript: what a volunteer types to sign up in Arabic on the simulator, one distinct valid mobile per contact.</summary>
public static class SignUpScript
{
    public static IReadOnlyList<string> Steps => For(0);

    /// <summary>For returns the messages of contact <paramref name="n"/>.</summary>
    public static IReadOnlyList<string> For(int n) =>
    [
        "انضم",
        "عربي",
        "منى أحمد علي",
        "المنيا",
        "مطاي",
        "010" + (10_000_000 + n % 90_000_000).ToString("D8"),
        "2",
        "1",
        "1 3",
        "2",
        "نعم",
        "تأكيد",
    ];
}
