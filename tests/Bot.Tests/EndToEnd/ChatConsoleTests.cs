using System.Diagnostics;
using System.Text;
using OutreachBot.Bot.Tests.Support;

namespace OutreachBot.Bot.Tests.EndToEnd;

/// <summary>`OutreachBot.Bot chat` as a person uses it: a separate process, lines on standard input, replies on standard output.</summary>
public sealed class ChatConsoleTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task AWholeSignUpInTheTerminalChatEndsWithAVolunteerNumber()
    {
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "OutreachBot.Bot.dll"), "chat", "amal", "--Storage:Path=" + _folder.File("chat.db") },
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardInputEncoding = new UTF8Encoding(false),
            StandardOutputEncoding = Encoding.UTF8,
            WorkingDirectory = _folder.Path,
        };
        using var process = Process.Start(start)!;
        string[] lines = ["انضم", "عربي", "أمل سعيد حسن", "أسيوط", "ديروط", "01112345678", "3", "1", "2 5", "3", "موافق", "تأكيد"];
        foreach (var line in lines) await process.StandardInput.WriteLineAsync(line);
        process.StandardInput.Close(); // end of input ends the chat

        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);

        Assert.True(process.ExitCode == 0, await errors);
        var text = await output;
        Assert.Contains("[sim:amal]", text);
        Assert.Contains("أمل سعيد حسن", text); // the summary
        Assert.Matches(@"رقمك: \d{5}", text);
    }
}
