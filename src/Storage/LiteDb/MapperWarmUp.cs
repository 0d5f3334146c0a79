using System.Collections;
using System.Reflection;
using LiteDB;

namespace OutreachBot.Storage.LiteDb;

/// <summary>MapperWarmUp builds, on one thread and before anyone maps, everything a mapper would otherwise build on first use.</summary>
/// <remarks>
/// LiteDB 5.0.21 publishes a type's entity mapper in its cache before filling in the members, and builds nested types
/// lazily, on first use (litedb-org/LiteDB#2536, fixed only after that release). Documents are mapped on many threads
/// (<see cref="LiteStore.Mapper"/>), so two contacts first mapped at the same moment could see a half-built mapper: a
/// document stored without some of its fields (a consent record without its text version, seen after a restart), or
/// "collection was modified" thrown mid-write. Three things are built lazily: the entity mapper of each class; the
/// entity mapper of each dictionary type, made only when a document is first read into one (its constructor lookup walks
/// the members while another thread may still be adding them); and each class's constructor, chosen on its first read and
/// cached in a process-wide dictionary read outside its lock. Reading an empty value of every type builds all three,
/// after which the caches are only read.
/// </remarks>
internal static class MapperWarmUp
{
    private static readonly MethodInfo EntityOf = typeof(BsonMapper).GetMethod(nameof(BsonMapper.Entity))!;

    /// <summary>OneAtATime: LiteDB's constructor cache is one dictionary for the whole process, written under its lock but
    /// read outside it, so two stores opened at once (tests open many) must not fill it at the same moment. Once the first
    /// warm-up has filled it with every stored type, the others only read it.</summary>
    private static readonly Lock OneAtATime = new();

    /// <summary>BuildAll builds the mappers and constructors of each of <paramref name="roots"/> and of every type they reach.</summary>
    public static void BuildAll(BsonMapper mapper, params Type[] roots)
    {
        lock (OneAtATime)
        {
            foreach (var type in Reached(roots))
            {
                // Entity<T>() is LiteDB's public way to ask for (and so build) a class's entity mapper, members and all.
                if (IsOurs(type)) EntityOf.MakeGenericMethod(type).Invoke(mapper, null);
                // Reading an empty value builds what only a read builds: dictionary mappers and constructors.
                mapper.Deserialize(type, IsList(type) ? new BsonArray() : new BsonDocument());
            }
        }
    }

    /// <summary>Reached: <paramref name="roots"/> and every class, list and dictionary type their properties hold, each once, parents first.</summary>
    internal static IReadOnlyList<Type> Reached(IEnumerable<Type> roots)
    {
        var seen = new HashSet<Type>();
        var order = new List<Type>();
        var pending = new Queue<Type>(roots);
        while (pending.TryDequeue(out var type))
        {
            type = Nullable.GetUnderlyingType(type) ?? type;
            if (!(IsOurs(type) || IsList(type) || IsDictionary(type)) || !seen.Add(type)) continue;
            order.Add(type);
            if (type.IsArray) pending.Enqueue(type.GetElementType()!);
            else if (type.IsGenericType && !IsOurs(type)) foreach (var argument in type.GetGenericArguments()) pending.Enqueue(argument);
            if (IsOurs(type))
                foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
                    pending.Enqueue(property.PropertyType);
        }
        return order;
    }

    /// <summary>IsOurs: a class or struct of this service's own, which LiteDB maps member by member (enums are stored as names).</summary>
    private static bool IsOurs(Type type) =>
        !type.IsEnum && !type.IsInterface && !type.IsGenericTypeDefinition
        && type.Namespace?.StartsWith("OutreachBot", StringComparison.Ordinal) == true;

    private static bool IsDictionary(Type type) => !type.IsInterface && typeof(IDictionary).IsAssignableFrom(type);

    /// <summary>IsList: an array or a concrete collection LiteDB stores as a BSON array (strings and byte arrays are values).</summary>
    private static bool IsList(Type type) =>
        type != typeof(string) && type != typeof(byte[]) && !type.IsInterface && !IsDictionary(type)
        && (type.IsArray || (type.IsGenericType && typeof(IEnumerable).IsAssignableFrom(type)));
}
