namespace OutreachBot.Bench.Pipeline.Stores;

/// <summary>IBenchStore: the fresh store one pipeline run uses (--store litedb|postgres), deleted when the run ends.</summary>
public interface IBenchStore : IAsyncDisposable
{
    /// <summary>What the run stores on, with the settings that decide what a commit costs, for the output.</summary>
    string Description { get; }

    /// <summary>Settings that put the host on this store.</summary>
    IReadOnlyDictionary<string, string?> Settings { get; }

    /// <summary>ContentsAsync reads back what the run left (while the host still runs): commits, messages and volunteers.</summary>
    Task<string> ContentsAsync(IServiceProvider services);

    /// <summary>AfterStopAsync returns figures that can only be read once the host has stopped, or nothing.</summary>
    Task<string?> AfterStopAsync();
}
