using System.Collections;
using System.Reflection;
using LiteDB;
using OutreachBot.Flows.Model;
using OutreachBot.Storage.Tests.Support;

namespace OutreachBot.Storage.Tests;

/// <summary>MapperWarmUpTests: the store's mapper maps on many threads at once from its first use, with every field kept.</summary>
/// <remarks>LiteDB 5.0.21 builds nested entity mappers lazily and publishes them half-built; a consent record first mapped
/// on two threads at once was stored without its text version. Each round takes a fresh mapper, as a fresh process has.</remarks>
public sealed class MapperWarmUpTests
{
    private const int Threads = 8;

    [Fact]
    public void AFreshMapperMapsARegisteredContactWholeOnEightThreadsAtOnce()
    {
        var contact = RegisteredContact();
        var expected = BsonSerializer.Serialize(StoreMapper.Create().ToDocument(contact));
        var broken = new List<string>();

        for (var round = 0; round < 40 && broken.Count == 0; round++)
        {
            var mapper = StoreMapper.Create();
            using var start = new Barrier(Threads);
            var results = new string?[Threads];
            var threads = Enumerable.Range(0, Threads).Select(i => new Thread(() =>
            {
                start.SignalAndWait();
                try
                {
                    var bytes = BsonSerializer.Serialize(mapper.ToDocument(contact));
                    var back = mapper.ToObject<Contact>(BsonSerializer.Deserialize(bytes));
                    results[i] = bytes.AsSpan().SequenceEqual(expected) && back.Consent?.TextVersion == "2026-11"
                        ? null : $"round {round}: mapped as {BsonSerializer.Deserialize(bytes)}";
                }
                catch (Exception e)
                {
                    results[i] = $"round {round}: {e.GetType().Name}: {e.Message}";
                }
            })).ToList();
            threads.ForEach(t => t.Start());
            threads.ForEach(t => t.Join());
            broken.AddRange(results.OfType<string>());
        }

        Assert.True(broken.Count == 0, string.Join("\n", broken.Take(3)));
    }

    [Fact]
    public void AFreshMapperBuildsNothingMoreWhenItMapsEveryStoredDocumentWithEveryFieldSet()
    {
        // Whatever a mapper builds on first use is built without a lock held for its readers; after the warm-up,
        // mapping any document must only read the caches, or two threads could meet a half-built entry.
        var mapper = StoreMapper.Create();
        var entities = Entities(mapper);
        var built = entities.Keys.Cast<Type>().ToHashSet();
        var constructors = Constructors().Count;

        foreach (var type in LiteStore.StoredTypes)
        {
            var sample = FilledSample.Of(type);
            var document = mapper.ToDocument(type, sample);
            mapper.Deserialize(type, BsonSerializer.Deserialize(BsonSerializer.Serialize(document)));
        }

        Assert.Empty(entities.Keys.Cast<Type>().Where(t => !built.Contains(t)).Select(t => t.Name));
        Assert.Empty(entities.Values.Cast<EntityMapper>().Where(e => e.CreateInstance is null).Select(e => e.ForType.Name));
        Assert.Equal(constructors, Constructors().Count);
    }

    [Fact]
    public void TheWarmUpReachesDictionariesListsAndNestedClasses()
    {
        var reached = LiteDb.MapperWarmUp.Reached([typeof(Contact), typeof(Session)]);
        Assert.Contains(typeof(Dictionary<string, QuizScores>), reached);
        Assert.Contains(typeof(QuizScores), reached);
        Assert.Contains(typeof(Dictionary<string, string>), reached);
        Assert.Contains(typeof(ConsentRecord), reached);
        Assert.DoesNotContain(typeof(string), reached);
    }

    private static IDictionary Entities(BsonMapper mapper) =>
        (IDictionary)typeof(BsonMapper).GetField("_entities", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(mapper)!;

    /// <summary>Constructors: LiteDB's process-wide cache of the constructors it has chosen.</summary>
    private static IDictionary Constructors() =>
        (IDictionary)typeof(BsonMapper).Assembly.GetType("LiteDB.Reflection")!
            .GetField("_cacheCtor", BindingFlags.NonPublic | BindingFlags.Static)!.GetValue(null)!;

    private static Contact RegisteredContact() => new()
    {
        Id = 42,
        Urns = ["sim:c25"],
        Name = "منى أحمد علي",
        Governorate = "MN",
        Village = "مطاي",
        AgeBand = "18-24",
        Gender = "female",
        Interests = ["hayah_karima", "daem"],
        Availability = ["weekends"],
        Consent = new ConsentRecord { Accepted = true, At = DateTimeOffset.UnixEpoch, TextVersion = "2026-11", Channel = "sim" },
        VolunteerNumber = "10264",
        RegisteredAt = DateTimeOffset.UnixEpoch,
    };
}
