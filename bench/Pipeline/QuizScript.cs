using OutreachBot.Bench.Pipeline.Stores;

namespace OutreachBot.Bench.Pipeline;

/// <summary>QuizScript: what a resident types to take the digital-safety quiz in Arabic on the simulator, answer styles mixed, then declining the next quiz.</summary>
public static class QuizScript
{
    /// <summary>For returns the messages of contact <paramref name="n"/> (the same for everyone: a quiz asks nothing personal).</summary>
    public static IReadOnlyList<string> For(int n) =>
    [
        "اختبار",
        "1",
        "2",
        "٣",
        "أ",
        "4",
        "1",
        "3",
        "لأ",
    ];
}

/// <summary>BenchScript: the flow a bench contact goes through, and what every contact must have stored at the end.</summary>
public sealed record BenchScript(string Name, Func<int, IReadOnlyList<string>> For, Func<StoredFigures, long> Completed, string CompletedWhat)
{
    public static BenchScript SignUp { get; } = new("sign-up", SignUpScript.For, f => f.Registered, "registered volunteers");

    public static BenchScript Quiz { get; } = new("quiz", QuizScript.For, f => f.FinishedAttempts, "finished quiz attempts");

    public static BenchScript Named(string name) => name switch
    {
        "signup" or "sign-up" => SignUp,
        "quiz" => Quiz,
        _ => throw new ArgumentException($"--flow must be signup or quiz, not {name}"),
    };
}
