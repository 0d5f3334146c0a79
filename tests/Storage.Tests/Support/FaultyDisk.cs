namespace OutreachBot.Storage.Tests.Support;

/// <summary>FaultyDisk: real files behind streams that fail like a disk on command: full past a quota, or failing every write.</summary>
/// <remarks>
/// LiteStore opens its data file and log through <see cref="Open"/> instead of by name. A write that would grow the
/// files past the quota writes what fits and then throws "No space left on device" (errno 28), as a full ext4 or tmpfs
/// does, so the log can end in a torn page; overwriting existing bytes needs no space and still works.
/// </remarks>
public sealed class FaultyDisk
{
    private long _bytesLeft = long.MaxValue;
    private volatile bool _failWrites;

    /// <summary>LimitTo leaves <paramref name="bytes"/> of free space from now on.</summary>
    public void LimitTo(long bytes) => Interlocked.Exchange(ref _bytesLeft, bytes);

    /// <summary>FreeSpace makes room again (the operator deleted something).</summary>
    public void FreeSpace() => Interlocked.Exchange(ref _bytesLeft, long.MaxValue);

    /// <summary>FailWrites makes every write fail with an I/O error until set back.</summary>
    public bool FailWrites { get => _failWrites; set => _failWrites = value; }

    /// <summary>Open opens <paramref name="path"/> (created when missing) on this disk.</summary>
    public Stream Open(string path) =>
        new FaultyStream(this, new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite, bufferSize: 0));

    /// <summary>Take reserves up to <paramref name="wanted"/> bytes and returns how many it got.</summary>
    private long Take(long wanted)
    {
        while (true)
        {
            var left = Interlocked.Read(ref _bytesLeft);
            var granted = Math.Min(left, wanted);
            if (Interlocked.CompareExchange(ref _bytesLeft, left - granted, left) == left) return granted;
        }
    }

    private static IOException NoSpace(string path) => new($"No space left on device : '{path}'", 28);

    private sealed class FaultyStream(FaultyDisk disk, FileStream file) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => true;
        public override bool CanWrite => true;
        public override long Length => file.Length;
        public override long Position { get => file.Position; set => file.Position = value; }
        public override int Read(byte[] buffer, int offset, int count) => file.Read(buffer, offset, count);
        public override long Seek(long offset, SeekOrigin origin) => file.Seek(offset, origin);
        public override void Flush() => file.Flush();

        public override void SetLength(long value)
        {
            if (disk.FailWrites) throw new IOException($"Input/output error : '{file.Name}'", 5);
            var growth = value - file.Length;
            if (growth > 0 && disk.Take(growth) < growth) throw NoSpace(file.Name);
            file.SetLength(value);
        }

        public override void Write(byte[] buffer, int offset, int count)
        {
            if (disk.FailWrites) throw new IOException($"Input/output error : '{file.Name}'", 5);
            var growth = Math.Max(0, file.Position + count - file.Length);
            var granted = disk.Take(growth);
            if (granted == growth)
            {
                file.Write(buffer, offset, count);
                return;
            }
            // A short write, then the error: what the kernel does when the disk fills in the middle of a page.
            var fits = (int)(count - (growth - granted));
            file.Write(buffer, offset, fits);
            throw NoSpace(file.Name);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) file.Dispose();
            base.Dispose(disposing);
        }
    }
}
