using OutreachBot.Flows.Model;
using OutreachBot.Storage.Documents;
using Telegram.Bot.Types.ReplyMarkups;

namespace OutreachBot.Bot.Channels.Telegram;

/// <summary>TelegramKeyboards: the reply markup for an outbox message (reply keyboard, share-number button, or removal).</summary>
internal static class TelegramKeyboards
{
    /// <summary>For returns the markup to attach, or null to leave the person's keyboard as it is.</summary>
    public static ReplyMarkup? For(OutboxMessage message)
    {
        if (message.Keyboard == KeyboardAction.Remove) return new ReplyKeyboardRemove();

        var rows = new List<KeyboardButton[]>();
        if (message.Keyboard == KeyboardAction.RequestPhone)
        {
            var label = TelegramTexts.Get("SharePhoneButton", message.Language);
            rows.Add([KeyboardButton.WithRequestContact(label)]);
        }

        var perRow = Math.Max(1, message.ChoicesPerRow);
        rows.AddRange(message.Choices.Where(c => !string.IsNullOrWhiteSpace(c))
            .Chunk(perRow)
            .Select(row => row.Select(label => new KeyboardButton(label)).ToArray()));

        if (rows.Count == 0) return null;
        // Each keyboard answers one question: one_time hides it after a tap (the person can reopen it);
        // resize fits the buttons to their labels instead of half the screen.
        return new ReplyKeyboardMarkup(rows) { ResizeKeyboard = true, OneTimeKeyboard = true };
    }
}
