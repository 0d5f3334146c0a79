using System.Text.Json;
using OutreachBot.Flows.Model;
using OutreachBot.Flows.Tests.Support;

namespace OutreachBot.Flows.Tests;

/// <summary>TranscriptRunnerTests: a differing run is written beside the approved file for review and fails; nothing rewrites an approved file, transcript or diagram page.</summary>
public sealed class TranscriptRunnerTests : IDisposable
{
    private static readonly DateTimeOffset At = DateTimeOffset.Parse("2026-11-29T08:01:00+02:00");
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "outreachbot-transcripts", Guid.NewGuid().ToString("N"));
    private readonly string _approved;
    private readonly string _received;

    public TranscriptRunnerTests()
    {
        Directory.CreateDirectory(_folder);
        _approved = Path.Combine(_folder, "join.json");
        _received = Path.Combine(_folder, "join.received.json");
        var transcript = new Transcript
        {
            Description = "JOIN, then the language by number.",
            Contact = new Contact { Id = 1, Urns = ["sim:a"], CreatedAt = At, LastSeenAt = At },
            Steps = [new TranscriptStep { Text = "انضم", At = At }, new TranscriptStep { Text = "1", At = At.AddMinutes(1) }],
        };
        File.WriteAllText(_approved, JsonSerializer.Serialize(transcript, Transcript.Json));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static TranscriptRunner Runner(bool update = false, bool onCi = false) => new(new TranscriptMode(update, onCi));

    private void Approve() => File.Move(_received, _approved, overwrite: true);

    [Fact]
    public void StepsWithoutExpectationsFailAndTheRunIsWrittenForReview()
    {
        var before = File.ReadAllText(_approved);

        var failure = Runner().Run(_approved, _received);

        Assert.NotNull(failure);
        Assert.Contains("join.json step 1 has no expectation yet", failure);
        Assert.Contains(_received, failure);
        Assert.Equal(before, File.ReadAllText(_approved));
        var run = JsonSerializer.Deserialize<Transcript>(File.ReadAllText(_received), Transcript.Json)!;
        Assert.Equal(["Language", "FullName"], run.Steps.Select(s => s.Expect!.State));
    }

    [Fact]
    public void AnApprovedRunPassesAndSettlesALeftoverReceivedFile()
    {
        Runner().Run(_approved, _received);
        Approve();
        File.WriteAllText(_received, "left over from an earlier review");

        Assert.Null(Runner().Run(_approved, _received));
        Assert.False(File.Exists(_received));
    }

    /// <remarks>Under UPDATE_TRANSCRIPTS too: it writes the run for review like any differing run, and never the approved file.</remarks>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ADifferingStepFailsNamingItAndTheApprovedFileIsLeftAlone(bool update)
    {
        Runner().Run(_approved, _received);
        Approve();
        var approved = File.ReadAllText(_approved).Replace("\"State\": \"FullName\"", "\"State\": \"Governorate\"", StringComparison.Ordinal);
        File.WriteAllText(_approved, approved);

        var failure = Runner(update).Run(_approved, _received);

        Assert.NotNull(failure);
        Assert.Equal(update, failure.Contains("UPDATE_TRANSCRIPTS=1", StringComparison.Ordinal));
        Assert.Contains("join.json step 2 differs", failure);
        Assert.Contains("\"State\": \"Governorate\"", failure);
        Assert.Contains("\"State\": \"FullName\"", failure);
        Assert.Equal(approved, File.ReadAllText(_approved));
        Assert.Contains("\"State\": \"FullName\"", File.ReadAllText(_received));
    }

    [Fact]
    public void UpdateTranscriptsWritesARunForReviewButNeverPasses()
    {
        Runner().Run(_approved, _received);
        Approve();
        var approved = File.ReadAllText(_approved);

        var failure = Runner(update: true).Run(_approved, _received);

        Assert.NotNull(failure);
        Assert.Contains("UPDATE_TRANSCRIPTS=1", failure);
        Assert.Equal(approved, File.ReadAllText(_approved));
        Assert.True(File.Exists(_received));
    }

    [Fact]
    public void AVerificationTranscriptGivesTheHostsInputsAndUnderUpdateTranscriptsAChangedDestinationIsWrittenForReview()
    {
        // The real golden file: SMS verification on, a nonce per step, the code SMS with its purpose and destination.
        var approvedPath = Path.Combine(_folder, "code_right.json");
        var receivedPath = Path.Combine(_folder, "code_right.received.json");
        var golden = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Transcripts", "Verification", "code_right.json"));
        File.WriteAllText(approvedPath, golden);
        Assert.Null(Runner().Run(approvedPath, receivedPath));

        var approved = golden.Replace("\"To\": \"sms tel:+201001234567\"", "\"To\": \"sms tel:+201009999999\"", StringComparison.Ordinal);
        Assert.NotEqual(golden, approved);
        File.WriteAllText(approvedPath, approved);

        var failure = Runner(update: true).Run(approvedPath, receivedPath);

        Assert.NotNull(failure);
        Assert.Contains("UPDATE_TRANSCRIPTS=1", failure);
        Assert.Contains("code_right.json step 1 differs", failure);
        Assert.Equal(approved, File.ReadAllText(approvedPath));
        var run = JsonSerializer.Deserialize<Transcript>(File.ReadAllText(receivedPath), Transcript.Json)!;
        Assert.True(run.SmsVerification);
        Assert.Equal("sms tel:+201001234567", run.Steps[0].Expect!.Replies.Single(r => r.Purpose == ReplyPurpose.VerificationCode).To);
    }

    [Fact]
    public void UpdateTranscriptsOnCiFailsAtOnceAndWritesNothing()
    {
        var failure = Runner(update: true, onCi: true).Run(_approved, _received);

        Assert.NotNull(failure);
        Assert.Contains("CI", failure);
        Assert.False(File.Exists(_received));
    }

    [Fact]
    public void TheStoreReloadKeepsTheInstantButNotTheOffsetAndSnapshotsShowCairoTime()
    {
        var contact = new Contact { Id = 3, CreatedAt = At, Consent = new ConsentRecord { Accepted = true, At = At, TextVersion = "v", Channel = "sim" } };

        var reloaded = new StoreReload().Reload(contact);

        Assert.Equal(TimeSpan.Zero, reloaded.CreatedAt.Offset); // what a JSON round trip would have hidden
        Assert.Equal(At, reloaded.CreatedAt);
        Assert.Equal(ContactSnapshot.Of(contact).ToJsonString(), ContactSnapshot.Of(reloaded).ToJsonString());
        Assert.Equal("2026-11-29T08:01:00.0000000+02:00", ContactSnapshot.Of(reloaded)["consent"]!["at"]!.GetValue<string>());
    }
}
