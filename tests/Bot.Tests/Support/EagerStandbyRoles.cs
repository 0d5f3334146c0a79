using Microsoft.Extensions.DependencyInjection;
using OutreachBot.Storage;

namespace OutreachBot.Bot.Tests.Support;

/// <summary>EagerStandbyRoles: a standby that asks for <paramref name="role"/> every few milliseconds, so it takes over the moment the holder lets go.</summary>
/// <remarks>
/// The real standby asks every couple of seconds, so how soon it follows the holder is luck; following at once is the
/// worst case for limits the two share (the provider's rates). The first refusal is returned as such, so the instance
/// reports standby; every later ask waits inside until the role is free.
/// </remarks>
public sealed class EagerStandbyRoles(IExclusiveRoles inner, string role) : IExclusiveRoles
{
    private static readonly TimeSpan AskEvery = TimeSpan.FromMilliseconds(20);
    private int _refusals;
    private long _tookOverAt;

    /// <summary>Asking: refused once already and asking again, now every <see cref="AskEvery"/>.</summary>
    public bool Asking => Volatile.Read(ref _refusals) > 1;

    /// <summary>TookOverAt: the TimeProvider.System timestamp at which a wait inside ended with the role, or null.</summary>
    public long? TookOverAt => Volatile.Read(ref _tookOverAt) is var at and not 0 ? at : null;

    /// <summary>Install wraps the host's roles in one of these, also registered as itself for the test to look at.</summary>
    public static void Install(IServiceCollection services, string role)
    {
        var real = services.Last(d => d.ServiceType == typeof(IExclusiveRoles));
        services.Remove(real);
        services.AddSingleton(sp => new EagerStandbyRoles((IExclusiveRoles)real.ImplementationFactory!(sp), role));
        services.AddSingleton<IExclusiveRoles>(sp => sp.GetRequiredService<EagerStandbyRoles>());
    }

    public async Task<IExclusiveRole?> TryAcquireAsync(string name, CancellationToken cancellationToken)
    {
        var held = await inner.TryAcquireAsync(name, cancellationToken);
        if (held is not null || name != role || Interlocked.Increment(ref _refusals) == 1) return held;
        while (held is null)
        {
            await Task.Delay(AskEvery, cancellationToken);
            held = await inner.TryAcquireAsync(name, cancellationToken);
        }
        Volatile.Write(ref _tookOverAt, TimeProvider.System.GetTimestamp());
        return held;
    }
}
