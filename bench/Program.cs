using OutreachBot.Bench.Delivery;
using OutreachBot.Bench.Pipeline;

// Benchmark programs print their figures; pick one by name.
return args.FirstOrDefault() switch
{
    "pipeline" => await PipelineBench.RunAsync(args[1..]),
    // The pipeline's run with its store's ceiling measured at several batch sizes too.
    "ceiling" => await PipelineBench.RunAsync(["--ceiling-batches", "1,16,64,256", .. args[1..]]),
    "delivery" => await DeliveryBench.RunAsync(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: dotnet run -c Release --project bench -- pipeline [--contacts N] [--concurrency N] [--http] [--warmup N (contacts per warm-up round)] [--warmup-rounds 15] [--warmup-jit 3 (percent)] [--flow signup|quiz] [--echo] [--no-delivery] [--no-ceiling] [--ceiling-runs 3] [--ceiling-batches 1,64,256]");
    Console.Error.WriteLine("                [--store litedb|postgres] [--fsync-off] [--max-connections N] [--instances N] [--spread rotate|sticky|random] [--statements] [--server \"-c name=value ...\"]   (postgres: a throw-away PostgreSQL cluster, fsync on unless --fsync-off)");
    Console.Error.WriteLine("       dotnet run -c Release --project bench -- ceiling [pipeline options]   (the ceiling at 1, 16, 64 and 256 messages per transaction too)");
    Console.Error.WriteLine("       dotnet run -c Release --project bench -- delivery [--backlog N] [--seconds N] [--rate N] [--replies N] [--chats N]");
    return 2;
}
