using OutreachBot.Storage.Results;

namespace OutreachBot.Bot.Hosting;

/// <summary>ResultsEndpoints: <c>GET /api/results/{contentId}</c>, the indicators of one quiz or poll as JSON, for staff.</summary>
/// <remarks>
/// Guarded as <c>/metrics</c> is (Metrics:AllowedNetworks, Metrics:BearerToken): figures are aggregates, but they are
/// the ministry's, not the public's. Contacts made through the simulator are left out unless <c>?simulated=true</c>.
/// A quiz nobody has taken answers with zero figures, not 404: the service cannot tell an unknown id from an unpopular one
/// once content is reloaded, and the dashboard shows both the same way.
/// </remarks>
public static class ResultsEndpoints
{
    public const string Path = "/api/results/{contentId}";

    public static IEndpointRouteBuilder MapResultsEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, async (string contentId, bool? simulated, IQuizResults results, ILoggerFactory logs, CancellationToken ct) =>
        {
            if (contentId.Length > 100 || !contentId.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_'))
                return Results.BadRequest(new { error = "a quiz or poll id is lower-case letters, digits and '_'" });
            try
            {
                var rows = await results.AttemptsAsync(contentId, simulated == true, ct);
                return Results.Json(QuizReportBuilder.Build(contentId, rows));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The store did not answer (down, stopped, timed out): say so and let the caller retry, never a 500.
                logs.CreateLogger(typeof(ResultsEndpoints)).LogError(ex, "Results of {ContentId} could not be read", contentId);
                return Results.Json(new { error = "the store did not answer; try again shortly" }, statusCode: StatusCodes.Status503ServiceUnavailable);
            }
        }).AddEndpointFilter<MetricsAccessFilter>();
        return app;
    }
}
