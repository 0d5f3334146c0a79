using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using OutreachBot.Bot.Channels.Simulator;
using OutreachBot.Bot.Tests.Support;
using OutreachBot.Bot.Tests.Twilio.Fake;
using OutreachBot.Flows.Model;
using OutreachBot.Storage.Documents;
using OutreachBot.Storage.Repositories;

namespace OutreachBot.Bot.Tests.Identity;

/// <summary>TypedNumberTests: the real host with the real flows, Twilio SMS on a fake and the simulator on: a typed number claims nobody's record until it is proven.</summary>
public sealed partial class TypedNumberTests
{
    private const string Volunteer = "+201001234567";
    private const string VolunteerName = "فاطمة محمود حسن";

    private static readonly string[] SmsSignUp = ["اشترك", "1", VolunteerName, "المنيا", "دير مواس", "2", "1", "١، ٣", "1 2 3", "نعم", "1", "STOP"];
    private static readonly string[] TypistUpToPhone = ["انضم", "عربي", "بوب سمير علي", "المنيا", "ملوي"];

    private static Task AllSentAsync(TwilioTestHost host) =>
        Eventually.TrueAsync(async () => (await host.OutboxAsync()).Where(m => m.Channel == "sms").All(m => m.Status != OutboxStatus.Queued && m.Status != OutboxStatus.Sending),
            "every SMS handed to Twilio");

    /// <summary>StoppedVolunteerAsync: a volunteer signs up by SMS and then sends STOP.</summary>
    private static async Task<TwilioTestHost> StoppedVolunteerAsync()
    {
        var host = await TwilioTestHost.StartAsync(s => s["Simulator:Enabled"] = "true", delivery: true);
        foreach (var text in SmsSignUp)
        {
            Assert.Equal(HttpStatusCode.OK, (await host.SmsAsync(Volunteer, text)).StatusCode);
            await AllSentAsync(host);
            host.Time.Advance(TimeSpan.FromMinutes(1));
        }
        var volunteer = await host.Storage.ReadAsync(s => ContactRepository.FindByUrn(s, "tel:" + Volunteer));
        Assert.Equal(ContactStatus.Stopped, volunteer!.Status);
        Assert.NotNull(volunteer.VolunteerNumber);
        return host;
    }

    private static async Task<SimulatorResponse> SayAsync(TwilioTestHost host, string user, string text)
    {
        var response = await host.Client.PostAsJsonAsync("/api/simulator/messages", new { from = user, text });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<SimulatorResponse>())!;
    }

    private static string Said(IEnumerable<SimulatorResponse> responses) =>
        string.Join("\n", responses.SelectMany(r => r.Replies).Select(r => r.Text + " " + string.Join(" ", r.Choices)));

    [Fact]
    public async Task ATypistOfAStoppedVolunteersNumberGetsNeitherTheRecordNorTheProfileAndOnlyTheCodeGoesBySms()
    {
        await using var host = await StoppedVolunteerAsync();
        var smsBefore = host.Fake.Requests.Count;

        var responses = new List<SimulatorResponse>();
        foreach (var text in TypistUpToPhone) responses.Add(await SayAsync(host, "bob", text));
        responses.Add(await SayAsync(host, "bob", "01001234567"));
        await Eventually.TrueAsync(() => host.Fake.Requests.Count == smsBefore + 1, "the code sent by SMS");
        responses.Add(await SayAsync(host, "bob", "000000"));
        responses.Add(await SayAsync(host, "bob", "انضم"));
        responses.Add(await SayAsync(host, "bob", "مساعدة"));
        host.Time.Advance(TimeSpan.FromMinutes(1));
        await AllSentAsync(host);

        var typist = await host.Storage.ReadAsync(s => ContactRepository.FindByUrn(s, "sim:bob"));
        var volunteer = await host.Storage.ReadAsync(s => ContactRepository.FindByUrn(s, "tel:" + Volunteer));
        Assert.NotEqual(volunteer!.Id, typist!.Id);
        Assert.Equal(["sim:bob"], typist.Urns);
        Assert.Null(typist.Phone);
        Assert.Equal(Volunteer, typist.UnverifiedPhone);
        Assert.Null(typist.VolunteerNumber);
        Assert.Equal(ContactStatus.Stopped, volunteer.Status);
        Assert.Equal(VolunteerName, volunteer.Name);
        var said = Said(responses);
        Assert.DoesNotContain("فاطمة", said);
        Assert.DoesNotContain("دير مواس", said);
        Assert.DoesNotContain(volunteer.VolunteerNumber!, said);

        var code = Assert.Single(host.Fake.Requests.Skip(smsBefore));
        Assert.Equal(Volunteer, code["To"]);
        Assert.Matches(CodeText(), code["Body"]!);
        var row = Assert.Single(await host.OutboxAsync(), m => m.Channel == "sms" && m.ContactId == typist.Id);
        Assert.Equal(ReplyPurpose.VerificationCode, row.Purpose);
    }

    [Fact]
    public async Task TheProvenCodeMergesTheTypistIntoTheOlderRecordWhichKeepsItsAnswersAndStaysStopped()
    {
        await using var host = await StoppedVolunteerAsync();
        var smsBefore = host.Fake.Requests.Count;
        foreach (var text in TypistUpToPhone) await SayAsync(host, "bob", text);
        var typistId = (await SayAsync(host, "bob", "٠١٠٠١٢٣٤٥٦٧")).ContactId;
        await Eventually.TrueAsync(() => host.Fake.Requests.Count == smsBefore + 1, "the code sent by SMS");
        var code = CodeText().Match(host.Fake.Requests[^1]["Body"]!).Groups[1].Value;

        var proven = await SayAsync(host, "bob", code);

        var contact = Assert.Single(await host.Storage.ReadAsync(s => s.Contacts.FindAll().ToList()));
        Assert.NotEqual(typistId, contact.Id);
        Assert.Equal(["sim:bob", "tel:" + Volunteer], contact.Urns.Order());
        Assert.Equal(ContactStatus.Stopped, contact.Status);
        Assert.Equal(VolunteerName, contact.Name);
        Assert.Equal("دير مواس", contact.Village);
        Assert.Equal(Volunteer, contact.Phone);
        Assert.True(contact.IsSimulated);
        var told = Assert.Single(proven.Replies);
        Assert.Contains("ابدأ", told.Text);
        Assert.All(await host.Storage.ReadAsync(s => s.Inbound.FindAll().ToList()), e => Assert.Equal(contact.Id, e.ContactId));
    }

    [GeneratedRegex(@"(\d{6})")]
    private static partial Regex CodeText();
}
