using System.Collections;
using System.Reflection;
using LiteDB;

namespace OutreachBot.Storage.LiteDb;

/// <summary>MapperWarmUp builds a mapper's entity mappers for every type a stored document can hold, on one thread, before anyone maps.</summary>
/// <remarks>
/// LiteDB 5.0.21 publishes a type's entity mapper in its cache before filling in the members, and builds nested types
/// lazily, on first use (litedb-org/LiteDB#2536, fixed only after that release). Documents are mapped on many threads
/// (<see cref="LiteStore.Mapper"/>), so two contacts first mapped at the same moment could see a half-built mapper: a
/// document stored without some of its fields (a consent record without its text version, seen after a restart), or
/// "collection was modified" thrown mid-write. Building them all here, single-threaded, leaves the cache read-only.
/// </remarks>
internal static class MapperWarmUp
{
    private static readonly MethodInfo EntityOf = typeof(BsonMapper).GetMethod(nameof(BsonMapper.Entity))!;

    /// <summary>BuildAll builds the entity mapper of each of <paramref name="roots"/> and of every type of ours they reach.</summary>
    public static void BuildAll(BsonMapper mapper, params Type[] roots)
    {
        var seen = new HashSet<Type>();
        var pending = new Stack<Type>(roots);
        while (pending.TryPop(out var type))
        {
            foreach (var inner in Unwrap(type))
            {
                if (!IsOurs(inner) || !seen.Add(inner)) continue;
                // Entity<T>() is LiteDB's public way to ask for (and so build) a type's entity mapper.
                EntityOf.MakeGenericMethod(inner).Invoke(mapper, null);
                foreach (var property in inner.GetProperties(BindingFlags.Public | BindingFlags.Instance))
                    pending.Push(property.PropertyType);
            }
        }
    }

    /// <summary>Unwrap: the types a value of <paramref name="type"/> is made of: itself, or what a nullable, array, list or dictionary holds.</summary>
    private static IEnumerable<Type> Unwrap(Type type)
    {
        if (type.IsArray) return Unwrap(type.GetElementType()!);
        if (Nullable.GetUnderlyingType(type) is { } underlying) return Unwrap(underlying);
        if (type.IsGenericType && typeof(IEnumerable).IsAssignableFrom(type))
            return type.GetGenericArguments().SelectMany(Unwrap);
        return [type];
    }

    /// <summary>IsOurs: a class or struct of this service's own, which LiteDB maps member by member (enums are stored as names).</summary>
    private static bool IsOurs(Type type) =>
        !type.IsEnum && !type.IsInterface && !type.IsGenericTypeDefinition
        && type.Namespace?.StartsWith("OutreachBot", StringComparison.Ordinal) == true;
}
