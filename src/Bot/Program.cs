var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();
app.Run();

/// <summary>Program: entry point, visible to functional tests.</summary>
public partial class Program;
