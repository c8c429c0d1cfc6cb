using Alba.Coordination.Tests.Support;
using Alba;

namespace Alba.Coordination.Tests.Mobilisations;

/// <summary>A movement with its signed-in representative.</summary>
public sealed record MovementWithRep(Guid Id, string Country, Caller Rep);

/// <summary>Figures as a report states them.</summary>
public sealed record Figures(long Turnout, long Arrests, long Injuries, long Deaths);

/// <summary>Builds mobilisation states through the public API, as a client would.</summary>
public static class MobilisationsScenarios
{
    /// <summary>The call's dates: from two days ago to today, so every report time the tests use lies in the past.</summary>
    public static DateOnly StartsOn => DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-2);

    public static DateOnly EndsOn => DateOnly.FromDateTime(DateTime.UtcNow);

    /// <summary>Yesterday at noon (UTC): within every test call's dates.</summary>
    public static DateTimeOffset ActionStart => new(DateTime.UtcNow.Date.AddDays(-1).AddHours(12), TimeSpan.Zero);

    public static async Task<MovementWithRep> AMovementWithRep(this IAlbaHost host, string country = "AR")
    {
        var id = await host.AMovement(country: country);
        return new MovementWithRep(id, country, await host.ARepresentativeOf(id));
    }

    public static object CallBody(Guid[] convenedBy, string[]? countries = null, string title = "Jornada continental de solidaridad") => new
    {
        title,
        callText = "Llamamos a los pueblos a movilizarse en todas las ciudades.",
        language = "es",
        startsOn = StartsOn,
        endsOn = EndsOn,
        countries = countries ?? ["AR", "BR", "CO"],
        convenedBy,
    };

    /// <summary>A call convened by the given movements, issued by an organiser.</summary>
    public static async Task<Guid> ACall(this IAlbaHost host, params Guid[] convenedBy)
    {
        var answer = await host.Post("/api/mobilisations", CallBody(convenedBy), await host.Organiser());
        Assert.Equal(201, answer.Status);
        return answer.Id("mobilisationId");
    }

    public static object ActionBody(Guid organisingMovementId, string country, string city = "Buenos Aires", string kind = "march",
        DateTimeOffset? startsAt = null) =>
        new { city, country, kind, startsAt = startsAt ?? ActionStart, organisingMovementId };

    public static async Task<Guid> AnAction(this IAlbaHost host, Guid mobilisationId, MovementWithRep organiser, string city = "Buenos Aires")
    {
        var answer = await host.Post($"/api/mobilisations/{mobilisationId}/actions", ActionBody(organiser.Id, organiser.Country, city), organiser.Rep);
        Assert.Equal(201, answer.Status);
        return answer.Id("actionId");
    }

    public static object ReportBody(string reportId, DateTimeOffset reportedAt, Figures figures, string? note = null) => new
    {
        reportId, reportedAt, figures.Turnout, figures.Arrests, figures.Injuries, figures.Deaths, note,
    };

    public static Task<Answer> Report(this IAlbaHost host, Guid actionId, Caller rep, string reportId, DateTimeOffset reportedAt, Figures figures,
        string? note = null) =>
        host.Post($"/api/actions/{actionId}/reports", ReportBody(reportId, reportedAt, figures, note), rep);

    public static Figures FiguresOf(Answer action) =>
        new(action.Get<long>("turnout"), action.Get<long>("arrests"), action.Get<long>("injuries"), action.Get<long>("deaths"));
}
