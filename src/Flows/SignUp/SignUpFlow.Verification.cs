using System.Globalization;
using OutreachBot.Flows.Model;
using OutreachBot.Flows.Prompts;

namespace OutreachBot.Flows.SignUp;

/// <summary>SignUpFlow (verification): a typed number is proven by a one-time code sent to it by SMS, or kept unverified.</summary>
/// <remarks>
/// A typed number proves nothing: anyone can type anyone's number. It becomes the contact's phone (the one that links a
/// <c>tel:</c> URN and merges records) only once the code sent to it is typed back. Without SMS it stays an unverified phone.
/// The only thing ever sent to an unproven number is that code.
/// </remarks>
public sealed partial class SignUpFlow
{
    private static readonly IReadOnlyList<ChoiceOption> CodeActions =
    [
        new("resend", "code_resend", ["resend", "again", "send again", "new code", "تاني", "ابعت تاني", "ابعت رمز تاني", "اعاده", "رمز جديد"]),
        new("skip", "code_skip", ["skip", "later", "continue", "تخطي", "بعدين", "كمل", "كمل من غير تاكيد"]),
    ];

    /// <summary>TypedPhone: a number typed at the phone step or while a code is awaited.</summary>
    private void TypedPhone(string e164)
    {
        if (e164 == turn.Contact.Phone) { Proven(e164, byCode: false); return; }
        if (!turn.Options.SmsVerification) { KeepUnverified(e164); return; }
        if (!SendCode(e164))
        {
            turn.Say(T("code_limit_number"));
            KeepUnverified(e164);
            return;
        }
        if (Current == State.VerifyCode) Prompt(State.VerifyCode);
        else Fire(Trigger.Verify);
    }

    /// <summary>SendCode: a fresh code to <paramref name="e164"/> by SMS; false when no more may be sent or the host gave no randomness.</summary>
    private bool SendCode(string e164)
    {
        var contact = turn.Contact;
        // Counted on the contact, not the session, so leaving and restarting the flow gives no fresh codes.
        if (contact.CodesSentSince is not { } since || turn.Now - since >= TimeSpan.FromDays(1))
        {
            contact.CodesSentSince = turn.Now;
            contact.CodesSent = 0;
        }
        if (contact.CodesSent >= turn.Options.VerificationMaxSends || VerificationCode.FromNonce(turn.Inbound.Nonce) is not { } code) return false;
        contact.CodesSent++;
        Answers[AnswerKeys.VerifyPhone] = e164;
        Answers[AnswerKeys.CodeHash] = code.Hash;
        Answers[AnswerKeys.CodeSalt] = code.Salt;
        Answers[AnswerKeys.CodeExpiresAt] = (turn.Now + turn.Options.VerificationCodeLifetime).ToString("O", CultureInfo.InvariantCulture);
        Answers[AnswerKeys.CodeTries] = "0";
        // Stored at once, so delivery can check that this code, and nothing else, goes to the number.
        contact.UnverifiedPhone = e164;
        turn.Say(new Reply(T("code_sms", code.Code), Purpose: ReplyPurpose.VerificationCode, To: ReplyDestination.Sms(e164)));
        return true;
    }

    private void AnswerVerifyCode()
    {
        if (VerificationCode.Typed(turn.Inbound.Text) is { } typed) { CheckCode(typed); return; }
        switch (ChoiceParser.Single(turn.Normalized, CodeActions)?.Code)
        {
            case "resend":
                if (Answers.GetValueOrDefault(AnswerKeys.VerifyPhone) is { } phone && SendCode(phone)) Prompt(State.VerifyCode);
                else Fail("code_limit");
                return;
            case "skip":
                KeepUnverified(Answers.GetValueOrDefault(AnswerKeys.VerifyPhone));
                return;
        }
        if (PhoneValidator.TryEgyptianMobile(turn.Inbound.Text, out var other)) { TypedPhone(other); return; }
        Fail();
    }

    private void CheckCode(string typed)
    {
        if (Answers.GetValueOrDefault(AnswerKeys.CodeHash) is not { } hash || Answers.GetValueOrDefault(AnswerKeys.CodeSalt) is not { } salt)
        {
            Fail("code_void");
            return;
        }
        var expires = DateTimeOffset.TryParse(Answers.GetValueOrDefault(AnswerKeys.CodeExpiresAt), CultureInfo.InvariantCulture,
            DateTimeStyles.None, out var at) ? at : DateTimeOffset.MinValue;
        if (turn.Now > expires) { Fail("code_expired"); return; }
        if (VerificationCode.Matches(typed, salt, hash) && Answers.GetValueOrDefault(AnswerKeys.VerifyPhone) is { } phone)
        {
            Proven(phone, byCode: true);
            return;
        }
        var tries = int.TryParse(Answers.GetValueOrDefault(AnswerKeys.CodeTries), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n + 1 : 1;
        Answers[AnswerKeys.CodeTries] = tries.ToString(CultureInfo.InvariantCulture);
        if (tries < turn.Options.VerificationMaxTries) { Fail("bad_code"); return; }
        // Out of tries: the code is void, so guessing on costs a new code, and codes are few.
        Answers.Remove(AnswerKeys.CodeHash);
        Answers.Remove(AnswerKeys.CodeSalt);
        Fail("code_too_many");
    }

    /// <summary>KeepUnverified: the typed number is kept on the profile as unverified, and the flow goes on.</summary>
    private void KeepUnverified(string? e164)
    {
        if (e164 is not null) Answers[AnswerKeys.PhoneUnverified] = e164;
        ClearCode();
        Accepted();
    }

    /// <summary>Proven: the number is the person's (their own Telegram card, or the code came back): it becomes the contact's phone.</summary>
    /// <remarks>Storage links <c>tel:</c> to it and merges with a record already owning it; the flow asks about what differs.</remarks>
    private void Proven(string e164, bool byCode)
    {
        turn.Contact.Phone = e164;
        turn.Contact.UnverifiedPhone = null;
        Answers[AnswerKeys.Phone] = e164;
        Answers.Remove(AnswerKeys.PhoneUnverified);
        ClearCode();
        var owner = OwnerOf(e164);
        if (owner?.Status == ContactStatus.Stopped)
        {
            // That record sent STOP: proving the number does not undo it; only START does.
            turn.Contact.Status = ContactStatus.Stopped;
            Fire(Trigger.Leave);
            return;
        }
        if (byCode) turn.Say(T("phone_confirmed"));
        if (owner is not null) MergeWith(owner);
        else Accepted();
    }

    /// <summary>OwnerOf: the other record the host found owning <paramref name="e164"/> on SMS or WhatsApp, if any.</summary>
    private Contact? OwnerOf(string e164) =>
        turn.Inbound.PhoneOwner is { } owner && owner.Id != turn.Contact.Id
        && (owner.Urns.Contains("tel:" + e164) || owner.Urns.Contains("whatsapp:" + e164))
            ? owner
            : null;

    private void ClearCode()
    {
        foreach (var key in new[] { AnswerKeys.VerifyPhone, AnswerKeys.CodeHash, AnswerKeys.CodeSalt, AnswerKeys.CodeExpiresAt, AnswerKeys.CodeTries })
            Answers.Remove(key);
    }
}
