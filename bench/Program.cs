using OutreachBot.Bench.Pipeline;

// Benchmark programs print their figures; pick one by name.
return args.FirstOrDefault() switch
{
    "pipeline" => await PipelineBench.RunAsync(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: dotnet run -c Release --project bench -- pipeline [--contacts N] [--concurrency N] [--http] [--echo]");
    return 2;
}
