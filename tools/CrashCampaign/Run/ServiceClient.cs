using System.Net;
using System.Net.Http.Json;

namespace OutreachBot.CrashCampaign.Run;

/// <summary>ServiceClient: posts to whichever life of the service is up, and sends the same request again until it is answered.</summary>
/// <remarks>
/// A request cut off by a kill has an unknown outcome: it is sent again, unchanged (same message id, same batch id), to
/// the next life. A 503 (storage failed, nothing stored) is sent again too. Any other answer than 200 is a defect.
/// </remarks>
public sealed class ServiceClient(HttpClient http, ServiceGate gate)
{
    private long _requests, _cutOff, _unavailable, _unexplained;

    /// <summary>Requests sent, resends included.</summary>
    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>Requests that got no answer because the service was killed under them.</summary>
    public long CutOff => Interlocked.Read(ref _cutOff);

    /// <summary>503 answers.</summary>
    public long Unavailable => Interlocked.Read(ref _unavailable);

    /// <summary>Requests that failed while the service was up and not being killed.</summary>
    public long Unexplained => Interlocked.Read(ref _unexplained);

    /// <summary>PostAsync sends <paramref name="body"/> to <paramref name="path"/> until a life answers 200, and returns that answer.</summary>
    /// <exception cref="UnexpectedAnswerException">The service answered something other than 200 or 503.</exception>
    public async Task<T> PostAsync<T>(string path, object body)
    {
        while (true)
        {
            var life = await gate.WhenUpAsync();
            Interlocked.Increment(ref _requests);
            try
            {
                using var response = await http.PostAsJsonAsync(new Uri(life.BaseAddress, path), body);
                if (response.StatusCode == HttpStatusCode.OK)
                    return await response.Content.ReadFromJsonAsync<T>() ?? throw new UnexpectedAnswerException(path, 200, "empty body");
                if (response.StatusCode != HttpStatusCode.ServiceUnavailable)
                    throw new UnexpectedAnswerException(path, (int)response.StatusCode, await response.Content.ReadAsStringAsync());
                Interlocked.Increment(ref _unavailable);
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException or System.Text.Json.JsonException)
            {
                if (!gate.IsCurrent(life))
                {
                    Interlocked.Increment(ref _cutOff);
                    continue;
                }
                Interlocked.Increment(ref _unexplained);
            }
            // Up and refusing (503) or failing for no reason we caused: do not spin on it.
            await Task.Delay(50);
        }
    }
}

/// <summary>UnexpectedAnswerException: the service answered a valid request with neither 200 nor 503.</summary>
public sealed class UnexpectedAnswerException(string path, int status, string body)
    : Exception($"POST {path} answered {status}: {(body.Length > 300 ? body[..300] : body)}");
