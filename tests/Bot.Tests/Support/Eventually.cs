namespace OutreachBot.Bot.Tests.Support;

/// <summary>Eventually: waits (real time, at most 10 s) for a condition that background work makes true.</summary>
public static class Eventually
{
    public static Task TrueAsync(Func<bool> condition, string what) => TrueAsync(() => Task.FromResult(condition()), what);

    public static async Task TrueAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("Never became true: " + what);
            await Task.Delay(15);
        }
    }
}
