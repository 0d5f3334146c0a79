using Microsoft.Extensions.DependencyInjection;

namespace OutreachBot.Bench.Pipeline;

/// <summary>ServiceCollectionRemoval removes registrations a benchmark leaves out.</summary>
public static class ServiceCollectionRemoval
{
    /// <summary>RemoveAll removes the registrations of <typeparamref name="T"/> that match <paramref name="which"/>.</summary>
    public static void RemoveAll<T>(this IServiceCollection services, Func<ServiceDescriptor, bool> which)
    {
        foreach (var descriptor in services.Where(d => d.ServiceType == typeof(T) && which(d)).ToList())
            services.Remove(descriptor);
    }
}
