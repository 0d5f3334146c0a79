using System.Collections;
using System.Reflection;

namespace OutreachBot.Storage.Tests.Support;

/// <summary>FilledSample makes a value of a stored type with every settable property set, lists and dictionaries holding one item each.</summary>
/// <remarks>So that mapping it touches every member, nested type and collection the type can hold.</remarks>
internal static class FilledSample
{
    private const int MaxDepth = 6;

    public static object Of(Type type) => Make(type, 0) ?? throw new InvalidOperationException($"cannot fill {type}");

    private static object? Make(Type type, int depth)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string)) return "x";
        if (type == typeof(bool)) return true;
        if (type == typeof(int)) return 7;
        if (type == typeof(long)) return 7L;
        if (type == typeof(short)) return (short)7;
        if (type == typeof(double)) return 7.5;
        if (type == typeof(decimal)) return 7.5m;
        if (type == typeof(Guid)) return Guid.NewGuid();
        if (type == typeof(DateTimeOffset)) return DateTimeOffset.UnixEpoch.AddDays(1);
        if (type == typeof(DateTime)) return DateTime.UnixEpoch.AddDays(1);
        if (type == typeof(TimeSpan)) return TimeSpan.FromMinutes(7);
        if (type == typeof(byte[])) return new byte[] { 1, 2 };
        if (type.IsEnum) return Enum.GetValues(type).Cast<object>().Last();
        if (depth > MaxDepth) return null;
        if (type.IsArray)
        {
            var array = Array.CreateInstance(type.GetElementType()!, 1);
            array.SetValue(Make(type.GetElementType()!, depth + 1), 0);
            return array;
        }
        var instance = Activator.CreateInstance(type)!;
        switch (instance)
        {
            case IDictionary dictionary:
                var arguments = type.GetGenericArguments();
                dictionary[Make(arguments[0], depth + 1)!] = Make(arguments[1], depth + 1);
                return dictionary;
            case IList list:
                list.Add(Make(type.GetGenericArguments()[0], depth + 1));
                return list;
        }
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            if (property.SetMethod is { IsPublic: true } && property.GetIndexParameters().Length == 0)
                property.SetValue(instance, Make(property.PropertyType, depth + 1));
        return instance;
    }
}
