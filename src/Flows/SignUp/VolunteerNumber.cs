namespace OutreachBot.Flows.SignUp;

/// <summary>VolunteerNumber: the short number a registered volunteer is given, derived only from the contact id.</summary>
/// <remarks>Digits of 1000+id followed by a Luhn check digit, so a mistyped number read over the phone is caught.</remarks>
public static class VolunteerNumber
{
    /// <summary>For: the volunteer number of contact <paramref name="contactId"/> (e.g. id 1 → "10017").</summary>
    public static string For(long contactId)
    {
        if (contactId < 0) throw new ArgumentOutOfRangeException(nameof(contactId), "contact ids are not negative");
        var body = (1000 + contactId).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return body + CheckDigit(body);
    }

    /// <summary>IsValid: true when the last digit is the Luhn check digit of the others.</summary>
    public static bool IsValid(string? number) =>
        number is { Length: >= 2 } && number.All(char.IsAsciiDigit) && CheckDigit(number[..^1]) == number[^1];

    private static char CheckDigit(string body)
    {
        var sum = 0;
        var doubleIt = true; // the digit next to the check digit is doubled
        for (var i = body.Length - 1; i >= 0; i--)
        {
            var d = body[i] - '0';
            if (doubleIt) { d *= 2; if (d > 9) d -= 9; }
            sum += d;
            doubleIt = !doubleIt;
        }
        return (char)('0' + (10 - sum % 10) % 10);
    }
}
