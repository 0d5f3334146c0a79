using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using OutreachBot.Bot.Content;
using OutreachBot.Bot.Tests.Support;
using OutreachBot.Flows.Content;
using OutreachBot.Flows.Model;
using OutreachBot.Flows.Registry;

namespace OutreachBot.Bot.Tests.Hosting;

/// <summary>ContentHostTests: the host loads content/ at start, starts without an invalid file and names it on /healthz, and reloads on a change or on request.</summary>
public sealed class ContentHostTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public ContentHostTests()
    {
        // A copy of the repository's content, so the tests can add and break files.
        var shipped = ContentFolder.Resolve("content", AppContext.BaseDirectory);
        foreach (var sub in ContentLoader.Folders)
        {
            Directory.CreateDirectory(Path.Combine(Content, sub));
            foreach (var file in Directory.GetFiles(Path.Combine(shipped, sub))) File.Copy(file, Path.Combine(Content, sub, Path.GetFileName(file)));
        }
    }

    private string Content => _folder.File("content");

    public void Dispose() => _folder.Dispose();

    private BotHostFactory Host(bool watch = false) => new(_folder.File("content.db"))
    {
        Settings = { ["Content:Path"] = Content, ["Content:Watch"] = watch ? "true" : "false", ["Content:ReloadDelay"] = "00:00:00.200" },
        ConfigureServices = ClientAddress.AddTo,
    };

    private void Write(string path, string text) => File.WriteAllText(Path.Combine(Content, path), text);

    [Fact]
    public async Task AnInvalidFileIsLeftOutNamedOnHealthzAndTheRestLoad()
    {
        Write("quizzes/broken_quiz.yaml", "id: broken_quiz\nversion: 1\nkind: quiz\nquestions: []\n");
        await using var host = Host();
        using var client = host.CreateClient();

        await Eventually.TrueAsync(async () => (await client.GetAsync("/healthz")).StatusCode == HttpStatusCode.OK, "healthz ok");
        var health = await client.GetStringAsync("/healthz");

        Assert.StartsWith("ok\ncontent left out: quizzes/broken_quiz.yaml: ", health);
        Assert.Contains("errors: title: missing", health);
        var catalog = host.Services.GetRequiredService<IContentCatalog>().Current;
        Assert.Equal(6, catalog.Current.Count);
        Assert.Equal("quizzes/broken_quiz.yaml", Assert.Single(catalog.Invalid).File);
    }

    [Fact]
    public async Task TheShippedContentGivesAPlainOk()
    {
        await using var host = Host();
        using var client = host.CreateClient();
        await Eventually.TrueAsync(async () => (await client.GetAsync("/healthz")).StatusCode == HttpStatusCode.OK, "healthz ok");

        Assert.Equal("ok", await client.GetStringAsync("/healthz"));
    }

    [Fact]
    public async Task TheReloadEndpointReadsTheFolderAgainForLocalCallersOnly()
    {
        await using var host = Host();
        using var client = host.CreateClient();
        var library = host.Services.GetRequiredService<ContentLibrary>();
        Assert.Null(library.Current.Find("digital_safety", 2));
        Write("quizzes/digital_safety.yaml", File.ReadAllText(Path.Combine(Content, "quizzes/digital_safety.yaml")).Replace("version: 1", "version: 2"));

        using var remote = await client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/admin/content/reload").From("203.0.113.5"));
        Assert.Equal(HttpStatusCode.Forbidden, remote.StatusCode);
        Assert.Null(library.Current.Find("digital_safety", 2));

        using var local = await client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/admin/content/reload").From("127.0.0.1"));
        Assert.Equal(HttpStatusCode.OK, local.StatusCode);
        Assert.Contains("OK   quizzes/digital_safety.yaml: quiz digital_safety v2, 6 questions, pass mark 5", await local.Content.ReadAsStringAsync());
        Assert.Equal(2, library.Current.Find("digital_safety")!.Version);
        Assert.NotNull(library.Current.Find("digital_safety", 1)); // still there for attempts started on it
    }

    [Fact]
    public async Task TheWatcherReloadsAfterTheFolderGoesQuiet()
    {
        await using var host = Host(watch: true);
        using var client = host.CreateClient();
        var library = host.Services.GetRequiredService<ContentLibrary>();
        Assert.Empty(library.Current.Invalid);

        Write("polls/typo_poll.yaml", "id: typo_poll\nverison: 1\n");

        await Eventually.TrueAsync(() => library.Current.Invalid.Any(f => f.File == "polls/typo_poll.yaml"), "the new file read");
        Assert.Contains("content left out: polls/typo_poll.yaml", await client.GetStringAsync("/healthz"));
    }

    [Fact]
    public async Task ASimulatorContactTakesAQuizFromTheLoadedContent()
    {
        await using var host = Host();
        using var client = host.CreateClient();

        var listed = await client.PostAsJsonAsync("/api/simulator/messages", new { from = "quizzer", text = "اختبار" });
        var list = (await listed.Content.ReadFromJsonAsync<Channels.Simulator.SimulatorResponse>())!;
        Assert.Equal("اختر الاختبار الذي تحبه:", Assert.Single(list.Replies).Text);
        var picked = await client.PostAsJsonAsync("/api/simulator/messages", new { from = "quizzer", text = "1" });
        var first = (await picked.Content.ReadFromJsonAsync<Channels.Simulator.SimulatorResponse>())!;

        Assert.StartsWith("الأمان الرقمي للأسرة\n", first.Replies[0].Text);
        Assert.StartsWith("اتصل بك شخص يقول إنه من البنك", first.Replies[1].Text);
    }

    [Fact]
    public void TheHostsFlowStarterStartsAGivenQuiz()
    {
        using var host = Host();
        var starter = host.Services.GetRequiredService<IFlowStarter>();

        var result = starter.StartFlow(new Contact { Id = 9 }, new Session { ContactId = 9 },
            new FlowTrigger("quiz", "health_anti_addiction", "sms", ChannelTraits.Sms), DateTimeOffset.Parse("2026-11-29T08:00:00+02:00"));

        Assert.Equal("quiz", result.Session.Flow);
        Assert.StartsWith("الصحة والوقاية من الإدمان\n", result.Replies[0].Text);
        Assert.Equal("9:health_anti_addiction:1", Assert.Single(result.Attempts).Id);
    }

    [Fact]
    public async Task CheckContentPrintsEachFileAndFailsWhenOneIsLeftOut()
    {
        var output = new StringWriter();
        Assert.Equal(0, await CheckContentCommand.RunAsync([Content], output, TextWriter.Null));
        Assert.Contains("OK   quizzes/hayah_karima.yaml: quiz hayah_karima v1, 6 questions, pass mark 4", output.ToString());
        Assert.EndsWith("6 in force, 0 left out\n", output.ToString());

        Write("quizzes/volunteering_basics.yaml", File.ReadAllText(Path.Combine(Content, "quizzes/volunteering_basics.yaml")).Replace("correct: 3", "correct: 4"));
        output = new StringWriter();
        Assert.Equal(1, await CheckContentCommand.RunAsync([Content], output, TextWriter.Null));
        Assert.Contains("FAIL quizzes/volunteering_basics.yaml\n     - questions[3] volunteer_rights: correct: must be an option number from 1 to 3", output.ToString());
    }
}
