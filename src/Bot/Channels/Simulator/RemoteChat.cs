using System.Net;
using System.Net.Http.Json;
using OutreachBot.Storage;

namespace OutreachBot.Bot.Channels.Simulator;

/// <summary>RemoteChat: the terminal chat with a running service that holds the data file, through its simulator API over HTTP.</summary>
/// <remarks>The service may run with its simulator off (the simulator endpoints then answer 404); the chat says so and stops.</remarks>
internal static class RemoteChat
{
    /// <summary>RunAsync sends each line of <paramref name="input"/> as <paramref name="user"/> and prints the replies; returns the exit code.</summary>
    public static async Task<int> RunAsync(ServiceInfo holder, string dataPath, string user, TextReader input, TextWriter output)
    {
        var who = holder.Pid > 0 ? $"process {holder.Pid}" : "another process";
        if (BaseAddressOf(holder.Urls) is not { } address)
        {
            output.WriteLine($"{dataPath} is in use by {who}, which has not said where it listens; try again in a moment, or stop it to chat on the file directly.");
            return 1;
        }

        using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
        var service = $"the service on {dataPath} ({who}, {address})";
        try
        {
            var probe = await http.GetAsync("api/simulator/messages/" + Uri.EscapeDataString(user));
            if (probe.StatusCode == HttpStatusCode.NotFound) return SimulatorOff(output, service);

            output.WriteLine($"[{SimulatorChannel.UrnOf(user)}] talking to {service} (Ctrl+D to quit)");
            while (await input.ReadLineAsync() is { } line)
            {
                var request = new SimulatorRequest(user, line, Guid.NewGuid().ToString("N"));
                var response = await http.PostAsJsonAsync("api/simulator/messages", request, SimulatorJson.Default.SimulatorRequest);
                if (response.StatusCode == HttpStatusCode.NotFound) return SimulatorOff(output, service);
                if (!response.IsSuccessStatusCode)
                {
                    output.WriteLine($"! {service} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                    continue;
                }
                var result = await response.Content.ReadFromJsonAsync(SimulatorJson.Default.SimulatorResponse);
                ChatConsole.Print(output, result!.Replies.Select(r => (r.Text, r.Choices)));
            }
            return 0;
        }
        catch (HttpRequestException ex)
        {
            output.WriteLine($"Could not reach {service}: {ex.Message}");
            return 1;
        }
    }

    private static int SimulatorOff(TextWriter output, string service)
    {
        output.WriteLine($"The simulator is off in {service}: its simulator API answers 404. "
            + "Turn it on there (Simulator:Enabled=true), or stop that service to chat on the file directly.");
        return 1;
    }

    /// <summary>BaseAddressOf picks an http URL the service listens on, with a wildcard host (0.0.0.0, [::], +, *) made local.</summary>
    internal static Uri? BaseAddressOf(IReadOnlyList<string> urls)
    {
        var url = urls.FirstOrDefault(u => u.StartsWith("http://", StringComparison.OrdinalIgnoreCase)) ?? urls.FirstOrDefault();
        if (url is null) return null;
        var local = System.Text.RegularExpressions.Regex.Replace(url, @"^(https?://)(0\.0\.0\.0|\[::\]|\+|\*)(?=[:/]|$)", "${1}localhost");
        return Uri.TryCreate(local.TrimEnd('/') + "/", UriKind.Absolute, out var address) ? address : null;
    }
}
