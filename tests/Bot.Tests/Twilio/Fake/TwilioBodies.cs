namespace OutreachBot.Bot.Tests.Twilio.Fake;

/// <summary>TwilioBodies: response bodies as Twilio's REST API returns them (shapes and messages recorded from api.twilio.com).</summary>
public static class TwilioBodies
{
    /// <summary>Queued: 201 Created for POST Messages.json; {sid}, {account} and {to} are filled in per request.</summary>
    public const string Queued = """
        {"account_sid": "{account}", "api_version": "2010-04-01", "body": "Sent from your Twilio trial account", "date_created": "Sun, 29 Nov 2026 06:30:00 +0000", "date_sent": null, "date_updated": "Sun, 29 Nov 2026 06:30:00 +0000", "direction": "outbound-api", "error_code": null, "error_message": null, "from": "+15005550006", "messaging_service_sid": null, "num_media": "0", "num_segments": "1", "price": null, "price_unit": "USD", "sid": "{sid}", "status": "queued", "subresource_uris": {"media": "/2010-04-01/Accounts/{account}/Messages/{sid}/Media.json"}, "to": "{to}", "uri": "/2010-04-01/Accounts/{account}/Messages/{sid}.json"}
        """;

    private static readonly Dictionary<int, (int Status, string Message)> Errors = new()
    {
        [21610] = (400, "Attempt to send to unsubscribed recipient"),
        [21211] = (400, "The 'To' number +2010012345 is not a valid phone number."),
        [21614] = (400, "'To' number +20223456789 is not a valid mobile number"),
        [20429] = (429, "Too Many Requests"),
        [63016] = (400, "Failed to send freeform message because you are outside the allowed window. If you are using WhatsApp, please use a Message Template."),
        [20003] = (401, "Authenticate"),
        [21408] = (400, "Permission to send an SMS has not been enabled for the region indicated by the 'To' number: +201001234567."),
        [20500] = (500, "An internal server error has occurred"),
    };

    /// <summary>StatusOf: the HTTP status Twilio answers <paramref name="code"/> with.</summary>
    public static int StatusOf(int code) => Errors[code].Status;

    /// <summary>Error: Twilio's JSON error body.</summary>
    public static string Error(int code)
    {
        var (status, message) = Errors[code];
        return $$"""{"code": {{code}}, "message": "{{message}}", "more_info": "https://www.twilio.com/docs/errors/{{code}}", "status": {{status}}}""";
    }

    /// <summary>ProxyPage: the HTML a load balancer answers with when Twilio is down (no JSON, so the library drops the status).</summary>
    public const string ProxyPage = "<html><body><h1>503 Service Unavailable</h1></body></html>";
}
