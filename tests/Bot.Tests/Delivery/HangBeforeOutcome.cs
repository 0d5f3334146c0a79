using OutreachBot.Bot.Channels;
using OutreachBot.Bot.Delivery;
using OutreachBot.Storage.Documents;

namespace OutreachBot.Bot.Tests.Delivery;

/// <summary>HangBeforeOutcome never lets the outcome of the chosen messages be written, as if the process died while their calls returned.</summary>
public sealed class HangBeforeOutcome(Func<OutboxMessage, bool> hang) : IDeliveryCrashHook
{
    private readonly SemaphoreSlim _hung = new(0);

    public Task AfterSendAsync(OutboxMessage message, SendResult result, CancellationToken cancellationToken)
    {
        if (!hang(message)) return Task.CompletedTask;
        _hung.Release();
        return new TaskCompletionSource().Task;
    }

    public async Task WaitForHungAsync(int count)
    {
        for (var i = 0; i < count; i++)
            if (!await _hung.WaitAsync(TimeSpan.FromSeconds(15))) Assert.Fail($"only {i} of {count} outcomes held");
    }
}
