namespace OutreachBot.Storage.Tests.Support;

/// <summary>FsyncProbe: the log's fsync seam for tests: counts calls, can hold one until released, and can fail like a dying disk.</summary>
public sealed class FsyncProbe
{
    private int _calls;
    private volatile bool _fail;
    private ManualResetEventSlim? _gate;
    private readonly ManualResetEventSlim _entered = new();

    /// <summary>Calls: fsyncs so far.</summary>
    public int Calls => Volatile.Read(ref _calls);

    /// <summary>Fail makes every later fsync fail with EIO, as Linux reports a lost writeback.</summary>
    public void Fail() => _fail = true;

    /// <summary>Hold makes the next fsync wait inside the call until <see cref="Release"/>.</summary>
    public void Hold()
    {
        _entered.Reset();
        _gate = new ManualResetEventSlim();
    }

    /// <summary>WaitUntilHeld waits (10 s at most) until an fsync is waiting inside the call.</summary>
    public void WaitUntilHeld() => Assert.True(_entered.Wait(TimeSpan.FromSeconds(10)), "no fsync started");

    public void Release() => Interlocked.Exchange(ref _gate, null)?.Set();

    /// <summary>Run is the seam given to LiteStore: the real fsync, counted, held or failed as asked.</summary>
    public void Run(FileStream log)
    {
        Interlocked.Increment(ref _calls);
        if (_gate is { } gate)
        {
            _entered.Set();
            gate.Wait(TimeSpan.FromSeconds(10));
        }
        if (_fail) throw new IOException($"Input/output error : '{log.Name}'", 5);
        LogFileSync.Fsync(log);
    }
}
