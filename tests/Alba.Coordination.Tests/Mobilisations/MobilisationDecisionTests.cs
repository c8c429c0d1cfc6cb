using Alba.Coordination.Infrastructure;
using Alba.Coordination.Infrastructure.Auth;
using Alba.Coordination.Mobilisations;
using System.Text;
using Microsoft.AspNetCore.Mvc;

namespace Alba.Coordination.Tests.Mobilisations;

internal static class Given
{
    public static readonly DateTimeOffset Now = new(2026, 11, 28, 18, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset Start = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);
    public static readonly Guid MovementId = Guid.CreateVersion7();

    public static Actor Organiser => new(Guid.CreateVersion7(), Roles.Organiser, null, null);
    public static Actor RepOf(Guid movementId) => new(Guid.CreateVersion7(), Roles.Representative, movementId, null);

    public static ActionState AnAction() =>
        new(Guid.CreateVersion7(), Guid.CreateVersion7(), MovementId, Start, [], ActionFigures.None, null, null);

    public static MobilisationState ACall(params Guid[] convenedBy) =>
        new(Guid.CreateVersion7(), new DateOnly(2026, 11, 28), new DateOnly(2026, 11, 29), [.. convenedBy]);

    public static ReportAction Report(string id, DateTimeOffset at, long turnout = 100, long arrests = 0, long injuries = 0, long deaths = 0) =>
        new(id, at, turnout, arrests, injuries, deaths, null);

    /// <summary>The one report a decision appends.</summary>
    public static ActionReported Reported(Decision decision) => Assert.IsType<ActionReported>(Assert.Single(decision.Events));

    /// <summary>Folds a decided report into the write model, as Marten does for the next command.</summary>
    public static ActionState After(this ActionState action, Decision decision) => action.Apply(Reported(decision));

    public static string[] ErrorFields(ProblemDetails problem) =>
        ((IDictionary<string, string[]>)problem.Extensions["errors"]!).Keys.Order(StringComparer.Ordinal).ToArray();
}

public class report_decisions
{
    private readonly Actor _rep = Given.RepOf(Given.MovementId);

    [Fact]
    public void the_first_report_sets_the_figures()
    {
        var reported = Given.Reported(ReportActionEndpoint.Decide(Given.AnAction(), Given.Report("a", Given.Start.AddHours(1), 900, 3), _rep, Given.Now));
        Assert.True(reported.IsLatest);
        Assert.Equal(new ActionFigures(900, 3, 0, 0), reported.Figures);
        Assert.Equal(_rep.Id, reported.By);
        Assert.Equal(Given.Now, reported.At);
    }

    [Fact]
    public void the_latest_reported_at_wins_whatever_the_arrival_order()
    {
        var action = Given.AnAction();
        var newest = ReportActionEndpoint.Decide(action, Given.Report("late-but-newest", Given.Start.AddHours(3), 5_000), _rep, Given.Now);
        action = action.After(newest);
        var older = ReportActionEndpoint.Decide(action, Given.Report("early", Given.Start.AddHours(1), 1_000), _rep, Given.Now);

        Assert.False(Given.Reported(older).IsLatest);
        action = action.After(older);
        Assert.Equal(5_000, action.Figures.Turnout);
        Assert.Equal("late-but-newest", action.FiguresReportId);
        Assert.Equal(["early", "late-but-newest"], action.ReportIds.Order(StringComparer.Ordinal));

        // The view follows the same rule over the same events.
        var view = ActionViewProjection.Create(new ActionRegistered(action.Id, action.MobilisationId, "Bogotá", "CO", "strike", Given.Start,
            Given.MovementId, _rep.Id, Given.Now));
        ActionViewProjection.Apply(Given.Reported(newest), view);
        ActionViewProjection.Apply(Given.Reported(older), view);
        Assert.Equal((action.Figures, action.FiguresAsOf, action.FiguresReportId), (view.Figures, view.FiguresAsOf, view.FiguresReportId));
        Assert.Equal(["late-but-newest", "early"], view.ReportIds);
    }

    [Fact]
    public void a_newer_report_replaces_the_figures_even_when_lower()
    {
        var action = Given.AnAction();
        action = action.After(ReportActionEndpoint.Decide(action, Given.Report("estimate", Given.Start.AddHours(1), 50_000), _rep, Given.Now));
        var correction = ReportActionEndpoint.Decide(action, Given.Report("count", Given.Start.AddHours(2), 30_000), _rep, Given.Now);
        Assert.True(Given.Reported(correction).IsLatest);
        Assert.Equal(30_000, action.After(correction).Figures.Turnout);
    }

    [Fact]
    public void an_equal_reported_at_keeps_the_report_that_arrived_first()
    {
        var action = Given.AnAction();
        action = action.After(ReportActionEndpoint.Decide(action, Given.Report("first", Given.Start.AddHours(1), 10), _rep, Given.Now));
        var second = ReportActionEndpoint.Decide(action, Given.Report("second", Given.Start.AddHours(1), 20), _rep, Given.Now);
        Assert.False(Given.Reported(second).IsLatest);
        Assert.Equal(10, action.After(second).Figures.Turnout);
    }

    [Fact]
    public void a_known_report_id_is_a_no_op_even_with_other_figures()
    {
        var action = Given.AnAction();
        action = action.After(ReportActionEndpoint.Decide(action, Given.Report("r1", Given.Start.AddHours(1), 10), _rep, Given.Now));
        var again = ReportActionEndpoint.Decide(action, Given.Report("r1", Given.Start.AddHours(2), 99), _rep, Given.Now);
        Assert.Same(Decision.Nothing, again);
    }

    [Fact]
    public void only_the_organising_movement_or_an_organiser_reports()
    {
        var action = Given.AnAction();
        var report = Given.Report("r", Given.Start);
        Assert.Equal(403, ReportActionEndpoint.Decide(action, report, Given.RepOf(Guid.CreateVersion7()), Given.Now).Refusal!.Status);
        Assert.Equal(403, ReportActionEndpoint.Decide(action, report, new Actor(Guid.CreateVersion7(), Roles.Delegate, Given.MovementId, Guid.CreateVersion7()),
            Given.Now).Refusal!.Status);
        Assert.True(ReportActionEndpoint.Decide(action, report, Given.Organiser, Given.Now).Changes);
    }

    [Fact]
    public void a_report_days_before_the_action_is_invalid()
    {
        var refusal = ReportActionEndpoint.Decide(Given.AnAction(), Given.Report("r", Given.Start.AddDays(-2)), _rep, Given.Now).Refusal!;
        Assert.Equal(["reportedAt"], Given.ErrorFields(refusal));
    }
}

public class report_validation
{
    [Fact]
    public void plausible_figures_pass() =>
        Assert.True(Problems.IsOk(ReportActionEndpoint.Check(Given.Report("r", Given.Now.AddMinutes(10), 2_000_000, 300, 40, 2), Given.Now)));

    [Theory]
    [InlineData(-1, 0, 0, 0, "turnout")]
    [InlineData(50_000_001, 0, 0, 0, "turnout")]
    [InlineData(100, -1, 0, 0, "arrests")]
    [InlineData(100, 0, -5, 0, "injuries")]
    [InlineData(100, 0, 0, -1, "deaths")]
    [InlineData(100, 0, 0, 1_101, "deaths")]
    [InlineData(0, 1_001, 0, 0, "arrests")]
    public void negative_or_absurd_figures_name_their_field(long turnout, long arrests, long injuries, long deaths, string field) =>
        Assert.Equal([field], Given.ErrorFields(ReportActionEndpoint.Check(Given.Report("r", Given.Now, turnout, arrests, injuries, deaths), Given.Now)));

    [Fact]
    public void casualties_beyond_the_crowd_are_allowed_up_to_the_limit() =>
        Assert.True(Problems.IsOk(ReportActionEndpoint.Check(Given.Report("r", Given.Now, 0, ReportLimits.BeyondTurnout, 0, 0), Given.Now)));

    [Fact]
    public void a_report_from_the_future_or_without_time_or_id_is_invalid()
    {
        Assert.Equal(["reportedAt"], Given.ErrorFields(ReportActionEndpoint.Check(Given.Report("r", Given.Now.AddHours(1)), Given.Now)));
        Assert.Equal(["reportId", "reportedAt"], Given.ErrorFields(ReportActionEndpoint.Check(Given.Report("", default), Given.Now)));
        Assert.Equal(["note"], Given.ErrorFields(ReportActionEndpoint.Check(
            Given.Report("r", Given.Now) with { Note = new string('n', ReportLimits.LongestNote + 1) }, Given.Now)));
    }
}

public class call_decisions
{
    private static CallMobilisation ACall(params Guid[] convenedBy) =>
        new("Jornada", "Texto", "es", new DateOnly(2026, 11, 28), new DateOnly(2026, 11, 29), ["AR", "CO"], convenedBy);

    [Fact]
    public void a_conveners_representative_calls_and_the_event_records_it()
    {
        var convener = Guid.CreateVersion7();
        var rep = Given.RepOf(convener);
        var id = Guid.CreateVersion7();
        var called = Assert.IsType<MobilisationCalled>(Assert.Single(
            CallMobilisationEndpoint.Decide(ACall(convener) with { Title = "  Jornada " }, [convener], id, rep, Given.Now).Events));
        Assert.Equal(id, called.MobilisationId);
        Assert.Equal("Jornada", called.Title);
        Assert.Equal([convener], called.ConvenedBy);
        Assert.Equal(rep.Id, called.By);
    }

    [Fact]
    public void a_representative_of_no_convener_is_forbidden()
    {
        var convener = Guid.CreateVersion7();
        Assert.Equal(403, CallMobilisationEndpoint.Decide(ACall(convener), [convener], Guid.CreateVersion7(), Given.RepOf(Guid.CreateVersion7()),
            Given.Now).Refusal!.Status);
    }

    [Fact]
    public void unknown_conveners_are_a_field_error()
    {
        var known = Guid.CreateVersion7();
        var refusal = CallMobilisationEndpoint.Decide(ACall(known, Guid.CreateVersion7()), [known], Guid.CreateVersion7(), Given.Organiser, Given.Now)
            .Refusal!;
        Assert.Equal(["convenedBy"], Given.ErrorFields(refusal));
    }

    [Fact]
    public void validation_names_every_bad_field()
    {
        var problem = CallMobilisationEndpoint.Validate(new CallMobilisation("", "", "xx", new DateOnly(2026, 12, 2), new DateOnly(2026, 12, 1),
            ["AR", "ZZ"], null));
        Assert.Equal(["callText", "convenedBy", "countries", "endsOn", "language", "title"], Given.ErrorFields(problem));
        Assert.True(Problems.IsOk(CallMobilisationEndpoint.Validate(ACall(Guid.CreateVersion7()))));
    }

    [Fact]
    public void a_call_lasts_at_most_a_year() =>
        Assert.Equal(["endsOn"], Given.ErrorFields(CallMobilisationEndpoint.Validate(
            ACall(Guid.CreateVersion7()) with { EndsOn = new DateOnly(2028, 1, 1) })));

    [Theory]
    [InlineData("es", true)]
    [InlineData("pt-BR", true)]
    [InlineData("ht", true)]
    [InlineData("xx", false)]
    [InlineData("ES", false)]
    [InlineData("es-XX", false)]
    [InlineData("spanish", false)]
    [InlineData(null, false)]
    public void languages_are_iso_639_1_codes(string? code, bool valid) => Assert.Equal(valid, Languages.IsTag(code));
}

public class endorsement_and_action_decisions
{
    [Fact]
    public void a_movement_endorses_once()
    {
        var call = Given.ACall(Guid.CreateVersion7());
        var rep = Given.RepOf(Given.MovementId);
        var endorsed = EndorseMobilisationEndpoint.Decide(call, true, new EndorseMobilisation(Given.MovementId), rep, Given.Now);
        Assert.Equal([new MobilisationEndorsed(call.Id, Given.MovementId, rep.Id, Given.Now)], endorsed.Events);

        call = call.Apply((MobilisationEndorsed)endorsed.Events[0]);
        Assert.Same(Decision.Nothing, EndorseMobilisationEndpoint.Decide(call, true, new EndorseMobilisation(Given.MovementId), rep, Given.Now));
        Assert.Equal(2, call.Endorsements);
    }

    [Fact]
    public void a_convener_already_backs_its_call() =>
        Assert.Same(Decision.Nothing, EndorseMobilisationEndpoint.Decide(Given.ACall(Given.MovementId), true,
            new EndorseMobilisation(Given.MovementId), Given.Organiser, Given.Now));

    [Fact]
    public void a_representative_cannot_endorse_for_another_movement() =>
        Assert.Equal(403, EndorseMobilisationEndpoint.Decide(Given.ACall(), true, new EndorseMobilisation(Given.MovementId),
            Given.RepOf(Guid.CreateVersion7()), Given.Now).Refusal!.Status);

    [Fact]
    public void an_unregistered_movement_is_a_field_error() =>
        Assert.Equal(["movementId"], Given.ErrorFields(EndorseMobilisationEndpoint.Decide(Given.ACall(), false,
            new EndorseMobilisation(Given.MovementId), Given.Organiser, Given.Now).Refusal!));

    [Theory]
    [InlineData("2026-11-28T12:00:00Z", true)]
    [InlineData("2026-11-27T05:00:00Z", true)]
    [InlineData("2026-11-30T23:00:00Z", true)]
    [InlineData("2026-11-26T23:00:00Z", false)]
    [InlineData("2026-12-01T00:00:00Z", false)]
    public void an_action_starts_within_the_calls_dates_give_or_take_a_time_zone(string startsAt, bool accepted)
    {
        var command = new RegisterAction("Cali", "CO", "march", DateTimeOffset.Parse(startsAt), Given.MovementId);
        var outcome = RegisterActionEndpoint.Decide(Given.ACall(), true, command, Guid.CreateVersion7(), Given.RepOf(Given.MovementId), Given.Now);
        Assert.Equal(accepted, outcome.Changes);
        if (!accepted) Assert.Equal(["startsAt"], Given.ErrorFields(outcome.Refusal!));
    }

    [Fact]
    public void only_the_organising_movement_or_an_organiser_registers_its_action()
    {
        var command = new RegisterAction("Cali", "CO", "march", Given.Start, Given.MovementId);
        Assert.Equal(403, RegisterActionEndpoint.Decide(Given.ACall(), true, command, Guid.CreateVersion7(), Given.RepOf(Guid.CreateVersion7()),
            Given.Now).Refusal!.Status);
        Assert.Equal(["organisingMovementId"], Given.ErrorFields(RegisterActionEndpoint.Decide(Given.ACall(), false, command, Guid.CreateVersion7(),
            Given.Organiser, Given.Now).Refusal!));
    }
}

public class dashboard_and_csv
{
    private static ActionView Action(string country, long turnout, long deaths = 0, string city = "X") =>
        new() { Id = Guid.CreateVersion7(), Country = country, City = city, Figures = new ActionFigures(turnout, 1, 2, deaths) };

    /// <summary>The actions' CSV file as a client receives it, with no movement names known.</summary>
    private static byte[] Csv(params ActionView[] actions) => CsvFile.Write(ActionsCsv.Header, ActionsCsv.Rows(actions, new Dictionary<Guid, string>()));

    [Fact]
    public void the_dashboard_sums_the_current_figures_by_country()
    {
        var call = new MobilisationView { Id = Guid.CreateVersion7(), ConvenedBy = [Guid.CreateVersion7()] };
        var dashboard = MobilisationDashboard.From(call, [Action("CO", 100), Action("AR", 50, 1), Action("CO", 25)]);
        Assert.Equal((1, 3, 2, 175L, 3L, 6L, 1L),
            (dashboard.Endorsements, dashboard.Actions, dashboard.Countries, dashboard.Turnout, dashboard.Arrests, dashboard.Injuries, dashboard.Deaths));
        Assert.Equal([new CountryFigures("AR", 1, 50, 1, 2, 1), new CountryFigures("CO", 2, 125, 2, 4, 0)], dashboard.ByCountry);
    }

    [Theory]
    [InlineData("Bogotá", "Bogotá")]
    [InlineData("Tucumán, Argentina", "\"Tucumán, Argentina\"")]
    [InlineData("Tucumán; Argentina", "\"Tucumán; Argentina\"")]
    [InlineData("La \"Ciudad\"", "\"La \"\"Ciudad\"\"\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    [InlineData(" padded", "\" padded\"")]
    public void csv_fields_are_quoted_when_they_must_be(string city, string written)
    {
        var action = Action("CO", 10, city: city);
        Assert.StartsWith($"\uFEFF{string.Join(',', ActionsCsv.Header)}\r\n{action.Id},{written},CO,", Encoding.UTF8.GetString(Csv(action)));
    }

    [Fact]
    public void csv_keeps_formulas_as_text_has_one_byte_order_mark_and_ends_lines_with_crlf()
    {
        var action = Action("CO", 10, city: "=HYPERLINK(\"x\")");
        var bytes = Csv(action);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n");
        Assert.Equal(3, lines.Length);
        Assert.Equal(string.Join(',', ActionsCsv.Header), lines[0]);
        Assert.Equal("", lines[2]);
        Assert.StartsWith($"{action.Id},\"'=HYPERLINK(\"\"x\"\")\",CO,", lines[1]);
    }
}
