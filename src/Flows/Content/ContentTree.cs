using System.Text.Json;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace OutreachBot.Flows.Content;

/// <summary>ContentNode: a parsed content file as plain mappings, lists and scalars, the same whether it was YAML or JSON.</summary>
public abstract record ContentNode(int Line);

/// <summary>MapNode: a mapping, keys in file order.</summary>
public sealed record MapNode(IReadOnlyList<KeyValuePair<string, ContentNode>> Entries, int Line) : ContentNode(Line)
{
    public ContentNode? this[string key] => Entries.FirstOrDefault(e => e.Key == key).Value;
}

/// <summary>ListNode: a sequence.</summary>
public sealed record ListNode(IReadOnlyList<ContentNode> Items, int Line) : ContentNode(Line);

/// <summary>ScalarNode: a value as written; <paramref name="Plain"/> for an unquoted YAML scalar or a JSON number or literal.</summary>
/// <remarks>Types are not guessed (YAML 1.1 would read an unquoted yes as true): the validator decides what a field may be.</remarks>
public sealed record ScalarNode(string Value, bool Plain, int Line) : ContentNode(Line)
{
    /// <summary>IsNull: "~", "null" or nothing, unquoted.</summary>
    public bool IsNull => Plain && Value is "" or "~" or "null" or "Null" or "NULL";
}

/// <summary>ContentTree: reads a file's text into <see cref="ContentNode"/>s: YAML with YamlDotNet, .json with System.Text.Json.</summary>
public static class ContentTree
{
    /// <summary>Parse: the root node, or the reason the text is not one well-formed document.</summary>
    public static (ContentNode? Root, string? Error) Parse(string path, string text)
    {
        try
        {
            return path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? (Json(text), null) : Yaml(text);
        }
        catch (YamlException e)
        {
            return (null, $"not valid YAML at line {e.Start.Line}, column {e.Start.Column}: {e.InnerException?.Message ?? e.Message}");
        }
        catch (JsonException e)
        {
            return (null, $"not valid JSON at line {(e.LineNumber ?? 0) + 1}: {e.Message}");
        }
        catch (DuplicateKeyException e)
        {
            return (null, e.Message);
        }
    }

    private static (ContentNode? Root, string? Error) Yaml(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        if (stream.Documents.Count == 0) return (null, "the file is empty");
        if (stream.Documents.Count > 1) return (null, "the file holds more than one YAML document (---)");
        return (Of(stream.Documents[0].RootNode), null);
    }

    private static ContentNode Of(YamlNode node)
    {
        var line = (int)node.Start.Line;
        switch (node)
        {
            case YamlMappingNode map:
                var entries = new List<KeyValuePair<string, ContentNode>>();
                foreach (var (key, value) in map.Children)
                    entries.Add(new(key is YamlScalarNode s ? s.Value ?? "" : key.ToString(), Of(value)));
                return new MapNode(entries, line);
            case YamlSequenceNode list:
                return new ListNode([.. list.Children.Select(Of)], line);
            case YamlScalarNode scalar:
                return new ScalarNode(scalar.Value ?? "", scalar.Style is ScalarStyle.Plain or ScalarStyle.Any, line);
            default:
                return new ScalarNode("", true, line);
        }
    }

    private static ContentNode Json(string text)
    {
        using var doc = JsonDocument.Parse(text, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        return Of(doc.RootElement);
    }

    // JsonElement carries no line number; errors name the field, and line 0 stands for "unknown".
    private static ContentNode Of(JsonElement e)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                var entries = new List<KeyValuePair<string, ContentNode>>();
                foreach (var p in e.EnumerateObject())
                {
                    if (entries.Any(x => x.Key == p.Name)) throw new DuplicateKeyException($"the key '{p.Name}' appears twice in one object");
                    entries.Add(new(p.Name, Of(p.Value)));
                }
                return new MapNode(entries, 0);
            case JsonValueKind.Array:
                return new ListNode([.. e.EnumerateArray().Select(i => Of(i))], 0);
            case JsonValueKind.String:
                return new ScalarNode(e.GetString() ?? "", false, 0);
            case JsonValueKind.Null:
                return new ScalarNode("null", true, 0);
            default:
                return new ScalarNode(e.GetRawText(), true, 0);
        }
    }

    private sealed class DuplicateKeyException(string message) : Exception(message);
}
