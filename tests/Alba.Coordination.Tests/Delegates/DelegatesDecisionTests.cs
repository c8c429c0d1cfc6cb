using Alba.Coordination.Accounts;
using Alba.Coordination.Delegates;
using Alba.Coordination.Infrastructure;
using Alba.Coordination.Infrastructure.Auth;

namespace Alba.Coordination.Tests.Delegates;

internal static class Given
{
    public static readonly DateTimeOffset Now = new(2026, 11, 28, 9, 0, 0, TimeSpan.Zero);
    public static readonly Guid Movement = Guid.CreateVersion7();
    public static readonly Actor Organiser = new(Guid.CreateVersion7(), Roles.Organiser, null, null);
    public static readonly Actor Representative = new(Guid.CreateVersion7(), Roles.Representative, Movement, null);
    public static readonly Actor OtherRepresentative = new(Guid.CreateVersion7(), Roles.Representative, Guid.CreateVersion7(), null);

    public static AssemblyState Assembly(RegistrationStatus registration = RegistrationStatus.Open, int capacity = 10, int perMovement = 2) =>
        new(Guid.CreateVersion7(), "III Asamblea", capacity, perMovement, registration);

    public static DelegateState Delegate(DelegateStatus status = DelegateStatus.Registered, string role = DelegateRoles.Delegate) =>
        new(Guid.CreateVersion7(), Guid.CreateVersion7(), Movement, role, status, [], null, null);

    public static DelegateView View(DelegateStatus status = DelegateStatus.Registered) => new()
    {
        Id = Guid.CreateVersion7(), AssemblyId = Guid.CreateVersion7(), MovementId = Movement, Country = "AR", Languages = ["es"],
        Role = DelegateRoles.Delegate, Status = status, RegisteredAt = Now.AddDays(-10),
    };

    public static Actor DelegateActor(DelegateState state) => DelegateActor(state.Id, state.MovementId);

    public static Actor DelegateActor(Guid delegateId, Guid movementId) => new(delegateId, Roles.Delegate, movementId, delegateId);

    public static IReadOnlyDictionary<string, string[]> Errors(Microsoft.AspNetCore.Mvc.ProblemDetails problem) =>
        Assert.IsType<Dictionary<string, string[]>>(problem.Extensions["errors"]);
}

public class assembly_decisions
{
    private static ConveneAssembly Valid => new("III Asamblea Continental", "Buenos Aires", "AR", new(2026, 11, 28), new(2026, 11, 30), 300, 12);

    [Fact]
    public void convening_records_the_trimmed_assembly_with_actor_and_time()
    {
        var id = Guid.CreateVersion7();
        var convened = ConveneAssemblyEndpoint.Decide(Valid with { Title = " III Asamblea Continental ", City = "Buenos Aires " }, id, Given.Organiser, Given.Now);
        Assert.Equal([new AssemblyConvened(id, "III Asamblea Continental", "Buenos Aires", "AR", new(2026, 11, 28), new(2026, 11, 30), 300, 12,
            Given.Organiser.Id, Given.Now)], convened.Events);
    }

    [Fact]
    public void a_valid_assembly_passes_and_a_quota_above_capacity_does_not()
    {
        Assert.True(Problems.IsOk(ConveneAssemblyEndpoint.Validate(Valid)));
        Assert.Equal(["delegatesPerMovement"], Given.Errors(ConveneAssemblyEndpoint.Validate(Valid with { DelegatesPerMovement = 301 })).Keys);
        Assert.Equal(["opensOn"], Given.Errors(ConveneAssemblyEndpoint.Validate(Valid with { OpensOn = default })).Keys);
    }

    [Theory]
    [InlineData(RegistrationStatus.NotOpened, true)]
    [InlineData(RegistrationStatus.Closed, true)]
    [InlineData(RegistrationStatus.Open, false)]
    public void opening_appends_unless_already_open(RegistrationStatus status, bool appends)
    {
        var decision = OpenRegistrationEndpoint.Decide(Given.Assembly(status), Given.Organiser, Given.Now);
        Assert.False(decision.IsRefused);
        Assert.Equal(appends, decision.Events.SingleOrDefault() is RegistrationOpened);
    }

    [Fact]
    public void closing_appends_when_open_changes_nothing_when_closed_and_is_refused_before_opening()
    {
        Assert.IsType<RegistrationClosed>(Assert.Single(CloseRegistrationEndpoint.Decide(Given.Assembly(), Given.Organiser, Given.Now).Events));
        Assert.True(CloseRegistrationEndpoint.Decide(Given.Assembly(RegistrationStatus.Closed), Given.Organiser, Given.Now).Changes == false);
        Assert.Equal(409, CloseRegistrationEndpoint.Decide(Given.Assembly(RegistrationStatus.NotOpened), Given.Organiser, Given.Now).Refusal!.Status);
    }
}

public class registration_decisions
{
    private static RegisterDelegate Command(string role = DelegateRoles.Delegate) =>
        new(Given.Movement, "Berta Cáceres", "Berta@Copinh.example", "HN", ["es"], role);

    private static Decision Decide(AssemblyState assembly, PlacesTaken taken, bool emailTaken = false, string role = DelegateRoles.Delegate) =>
        RegisterDelegateEndpoint.Decide(assembly, taken, emailTaken, Command(role), Guid.CreateVersion7(), Given.Representative, Given.Now);

    [Fact]
    public void a_registration_within_quota_and_capacity_is_recorded()
    {
        var assembly = Given.Assembly();
        var id = Guid.CreateVersion7();
        var decision = RegisterDelegateEndpoint.Decide(assembly, new PlacesTaken(9, 1), false, Command(), id, Given.Representative, Given.Now);
        var registered = Assert.IsType<DelegateRegistered>(Assert.Single(decision.Events));
        Assert.Equal((id, assembly.Id, Given.Movement, "HN", "delegate", Given.Representative.Id, Given.Now),
            (registered.DelegateId, registered.AssemblyId, registered.MovementId, registered.Country, registered.Role, registered.By, registered.At));
    }

    [Theory]
    [InlineData(RegistrationStatus.NotOpened, "not open yet")]
    [InlineData(RegistrationStatus.Closed, "closed")]
    public void outside_the_window_it_is_a_conflict(RegistrationStatus status, string detail)
    {
        var problem = Decide(Given.Assembly(status), new PlacesTaken(0, 0)).Refusal!;
        Assert.Equal(409, problem.Status);
        Assert.Contains(detail, problem.Detail);
    }

    [Fact]
    public void a_registered_email_is_a_conflict() =>
        Assert.Contains("already registered", Decide(Given.Assembly(), new PlacesTaken(0, 0), emailTaken: true).Refusal!.Detail);

    [Theory]
    [InlineData(DelegateRoles.Delegate)]
    [InlineData("press")]
    public void a_full_assembly_refuses_every_role(string role) =>
        Assert.Contains("full", Decide(Given.Assembly(capacity: 10), new PlacesTaken(10, 0), role: role).Refusal!.Detail);

    [Fact]
    public void a_full_quota_refuses_delegates_but_not_observers()
    {
        var assembly = Given.Assembly(perMovement: 2);
        Assert.Contains("quota", Decide(assembly, new PlacesTaken(2, 2)).Refusal!.Detail);
        Assert.False(Decide(assembly, new PlacesTaken(2, 2), role: "observer").IsRefused);
    }

    [Fact]
    public void validation_names_each_bad_field_and_each_bad_language()
    {
        var errors = Given.Errors(RegisterDelegateEndpoint.Validate(new RegisterDelegate(Guid.Empty, " ", "x@", "ar", ["es", "xx", "EN"], "chair")));
        Assert.Equal(["country", "email", "fullName", "languages", "movementId", "role"], errors.Keys.Order());
        Assert.Equal(2, errors["languages"].Length);
        Assert.Contains("languages", Given.Errors(RegisterDelegateEndpoint.Validate(Command() with { Languages = null })).Keys);
        Assert.Contains("languages", Given.Errors(RegisterDelegateEndpoint.Validate(Command() with { Languages = ["es", "es"] })).Keys);
        Assert.True(Problems.IsOk(RegisterDelegateEndpoint.Validate(Command())));
    }

    [Theory]
    [InlineData("es", true)]
    [InlineData("ht", true)]
    [InlineData("qu", true)]
    [InlineData("ES", false)]
    [InlineData("spa", false)]
    [InlineData("xx", false)]
    public void languages_are_iso_639_1(string code, bool valid) => Assert.Equal(valid, Languages.IsIso639_1(code));

    [Fact]
    public void the_language_list_is_the_whole_standard() => Assert.Equal(183, Languages.Count);
}

public class accreditation_decisions
{
    private static readonly IssuedCredential Credential = IssuedCredential.New();

    [Fact]
    public void accrediting_carries_only_the_credential_hash_and_the_movement()
    {
        var view = Given.Delegate();
        var decision = AccreditDelegateEndpoint.Decide(view, new AccreditDelegate("accredit", null), Credential, null, Given.Organiser, Given.Now);
        var accredited = Assert.IsType<DelegateAccredited>(Assert.Single(decision.Events));
        Assert.Equal(Secrets.Hash(Credential.Code), accredited.CredentialHash);
        Assert.Equal(view.MovementId, accredited.MovementId);
        var answer = CredentialAnswer.For(view with { Status = DelegateStatus.Accredited }, decision, Credential);
        Assert.Equal(Credential.Code, answer.CredentialCode);
        Assert.Equal($"/api/delegates/{view.Id}/badge", answer.BadgeUrl);
    }

    [Fact]
    public void rejecting_records_the_sealed_reason_without_a_credential()
    {
        var decision = AccreditDelegateEndpoint.Decide(Given.Delegate(), new AccreditDelegate("reject", "Not a member"), Credential, "sealed reason",
            Given.Organiser, Given.Now);
        Assert.Equal("sealed reason", Assert.IsType<DelegateRejected>(Assert.Single(decision.Events)).SealedReason);
        Assert.Null(CredentialAnswer.For(Given.Delegate(DelegateStatus.Rejected), decision, Credential).CredentialCode);
    }

    [Theory]
    [InlineData(DelegateStatus.Accredited, "accredit", 0)]
    [InlineData(DelegateStatus.Rejected, "reject", 0)]
    [InlineData(DelegateStatus.Accredited, "reject", 409)]
    [InlineData(DelegateStatus.Rejected, "accredit", 409)]
    [InlineData(DelegateStatus.Revoked, "accredit", 409)]
    [InlineData(DelegateStatus.Withdrawn, "accredit", 409)]
    public void a_decided_registration_repeats_or_refuses(DelegateStatus status, string decision, int refusal)
    {
        var outcome = AccreditDelegateEndpoint.Decide(Given.Delegate(status), new AccreditDelegate(decision, null), Credential, null, Given.Organiser, Given.Now);
        if (refusal == 0) Assert.True(outcome.Changes == false);
        else Assert.Equal(refusal, outcome.Refusal!.Status);
        Assert.Null(CredentialAnswer.For(Given.Delegate(status), outcome, Credential).CredentialCode);
    }

    [Fact]
    public void an_unknown_decision_is_a_field_error() =>
        Assert.Equal(["decision"], Given.Errors(AccreditDelegateEndpoint.Validate(new AccreditDelegate("maybe", null))).Keys);

    [Fact]
    public void a_credential_is_reissued_only_to_an_accredited_delegate()
    {
        var reissued = ReissueCredentialEndpoint.Decide(Given.Delegate(DelegateStatus.Accredited), Credential, Given.Organiser, Given.Now);
        Assert.Equal(Credential.Hash, Assert.IsType<CredentialReissued>(Assert.Single(reissued.Events)).CredentialHash);
        foreach (var status in new[] { DelegateStatus.Registered, DelegateStatus.Rejected, DelegateStatus.Revoked, DelegateStatus.Withdrawn })
            Assert.Equal(409, ReissueCredentialEndpoint.Decide(Given.Delegate(status), Credential, Given.Organiser, Given.Now).Refusal!.Status);
    }

    [Fact]
    public void issued_codes_are_random_and_kept_as_their_hash()
    {
        var (one, two) = (IssuedCredential.New(), IssuedCredential.New());
        Assert.NotEqual(one.Code, two.Code);
        Assert.Equal(Secrets.Hash(one.Code), one.Hash);
    }
}

public class revocation_and_withdrawal_decisions
{
    [Theory]
    [InlineData(DelegateStatus.Accredited, 1, null)]
    [InlineData(DelegateStatus.Revoked, 0, null)]
    [InlineData(DelegateStatus.Registered, 0, 409)]
    [InlineData(DelegateStatus.Rejected, 0, 409)]
    [InlineData(DelegateStatus.Withdrawn, 0, 409)]
    public void only_an_accredited_delegate_is_revoked(DelegateStatus status, int events, int? refusal)
    {
        var decision = RevokeDelegateEndpoint.Decide(Given.Delegate(status), "sealed conduct", Given.Organiser, Given.Now);
        Assert.Equal(refusal, decision.Refusal?.Status);
        Assert.Equal(events, decision.Events.Count);
        if (events == 1) Assert.Equal("sealed conduct", Assert.IsType<DelegateRevoked>(decision.Events[0]).SealedReason);
    }

    [Fact]
    public void a_revocation_needs_a_reason() =>
        Assert.Equal(["reason"], Given.Errors(RevokeDelegateEndpoint.Validate(new RevokeDelegate(""))).Keys);

    [Theory]
    [InlineData(DelegateStatus.Registered, 1, null)]
    [InlineData(DelegateStatus.Accredited, 1, null)]
    [InlineData(DelegateStatus.Withdrawn, 0, null)]
    [InlineData(DelegateStatus.Rejected, 0, 409)]
    [InlineData(DelegateStatus.Revoked, 0, 409)]
    public void a_place_holder_withdraws(DelegateStatus status, int events, int? refusal)
    {
        var decision = WithdrawDelegateEndpoint.Decide(Given.Delegate(status), Given.Organiser, Given.Now);
        Assert.Equal(refusal, decision.Refusal?.Status);
        Assert.Equal(events, decision.Events.Count);
    }

    [Fact]
    public void the_delegate_its_representative_or_an_organiser_withdraws_it_and_no_one_else()
    {
        var view = Given.Delegate();
        Assert.False(WithdrawDelegateEndpoint.Decide(view, Given.DelegateActor(view), Given.Now).IsRefused);
        Assert.False(WithdrawDelegateEndpoint.Decide(view, Given.Representative, Given.Now).IsRefused);
        Assert.Equal(403, WithdrawDelegateEndpoint.Decide(view, Given.OtherRepresentative, Given.Now).Refusal!.Status);
        Assert.Equal(403, WithdrawDelegateEndpoint.Decide(view, Given.DelegateActor(Given.Delegate()), Given.Now).Refusal!.Status);
        Assert.Equal(Given.Representative.Id, Assert.IsType<DelegateWithdrawn>(WithdrawDelegateEndpoint.Decide(view, Given.Representative, Given.Now).Events[0]).By);
    }
}

public class check_in_decisions
{
    private static CheckInDelegate Scan(string scanId = "s-1", int minutesAgo = 30) => new("Puerta 1", Given.Now.AddMinutes(-minutesAgo), scanId);

    [Fact]
    public void a_scan_of_an_accredited_delegate_is_recorded_in_utc()
    {
        var local = new CheckInDelegate("Puerta 1", new DateTimeOffset(2026, 11, 28, 5, 0, 0, TimeSpan.FromHours(-3)), "s-1");
        var decision = CheckInDelegateEndpoint.Decide(Given.Delegate(DelegateStatus.Accredited), local, Given.Organiser, Given.Now);
        var scan = Assert.IsType<DelegateCheckedIn>(Assert.Single(decision.Events));
        Assert.Equal(TimeSpan.Zero, scan.ScannedAt.Offset);
        Assert.Equal(local.ScannedAt, scan.ScannedAt);
    }

    [Fact]
    public void a_known_scan_id_changes_nothing_whatever_the_status_now()
    {
        var view = Given.Delegate(DelegateStatus.Revoked) with { ScanIds = ["s-1"] };
        Assert.True(CheckInDelegateEndpoint.Decide(view, Scan("s-1"), Given.Organiser, Given.Now).Changes == false);
    }

    [Theory]
    [InlineData(DelegateStatus.Registered)]
    [InlineData(DelegateStatus.Rejected)]
    [InlineData(DelegateStatus.Revoked)]
    [InlineData(DelegateStatus.Withdrawn)]
    public void only_accredited_delegates_check_in(DelegateStatus status) =>
        Assert.Equal(409, CheckInDelegateEndpoint.Decide(Given.Delegate(status), Scan(), Given.Organiser, Given.Now).Refusal!.Status);

    [Fact]
    public void a_scan_from_the_future_is_refused_beyond_the_clock_skew()
    {
        var view = Given.Delegate(DelegateStatus.Accredited);
        Assert.False(CheckInDelegateEndpoint.Decide(view, Scan(minutesAgo: -4), Given.Organiser, Given.Now).IsRefused);
        Assert.Equal(400, CheckInDelegateEndpoint.Decide(view, Scan(minutesAgo: -6), Given.Organiser, Given.Now).Refusal!.Status);
    }

    [Fact]
    public void the_write_model_keeps_the_earliest_scan_whatever_the_arrival_order()
    {
        var state = Given.Delegate(DelegateStatus.Accredited);
        DelegateCheckedIn At(int minutes, string station) => new(state.Id, state.AssemblyId, station, station, Given.Now.AddMinutes(minutes), Given.Organiser.Id, Given.Now);
        var after = state.Apply(At(-5, "late")).Apply(At(-50, "offline")).Apply(At(-20, "middle"));
        Assert.Equal((Given.Now.AddMinutes(-50), "offline"), (after.CheckedInAt, after.CheckInStation));
        Assert.Equal(["late", "middle", "offline"], after.ScanIds.Order());
    }

    [Fact]
    public void the_projection_keeps_the_earliest_scan_whatever_the_arrival_order()
    {
        var view = Given.View(DelegateStatus.Accredited);
        DelegateCheckedIn At(int minutes, string station) => new(view.Id, view.AssemblyId, station, station, Given.Now.AddMinutes(minutes), Given.Organiser.Id, Given.Now);
        DelegateViewProjection.Apply(At(-5, "late"), view);
        DelegateViewProjection.Apply(At(-50, "offline"), view);
        DelegateViewProjection.Apply(At(-20, "middle"), view);
        Assert.Equal((Given.Now.AddMinutes(-50), "offline"), (view.CheckedInAt, view.CheckInStation));
    }
}

public class badge_decisions
{
    private static DelegateCredential CredentialOf(DelegateView view, DateTimeOffset? invalidated = null) =>
        new() { Id = "hash", DelegateId = view.Id, AssemblyId = view.AssemblyId, MovementId = view.MovementId, InvalidatedAt = invalidated };

    [Fact]
    public void the_current_credential_of_an_accredited_delegate_prints()
    {
        var view = Given.View(DelegateStatus.Accredited);
        Assert.True(Problems.IsOk(BadgeEndpoint.MayPrint(view, CredentialOf(view), true, Given.Representative)));
        Assert.True(Problems.IsOk(BadgeEndpoint.MayPrint(view, CredentialOf(view), true, Given.DelegateActor(view.Id, view.MovementId))));
    }

    [Fact]
    public void a_missing_stale_or_foreign_code_is_a_field_error()
    {
        var view = Given.View(DelegateStatus.Accredited);
        Assert.Equal(400, BadgeEndpoint.MayPrint(view, null, false, Given.Organiser).Status);
        Assert.Equal(400, BadgeEndpoint.MayPrint(view, CredentialOf(view, Given.Now), true, Given.Organiser).Status);
        Assert.Equal(400, BadgeEndpoint.MayPrint(view, CredentialOf(Given.View(DelegateStatus.Accredited)), true, Given.Organiser).Status);
    }

    [Fact]
    public void strangers_and_unaccredited_delegates_get_no_badge()
    {
        var view = Given.View(DelegateStatus.Accredited);
        Assert.Equal(403, BadgeEndpoint.MayPrint(view, CredentialOf(view), true, Given.OtherRepresentative).Status);
        var registered = Given.View();
        Assert.Equal(409, BadgeEndpoint.MayPrint(registered, CredentialOf(registered), true, Given.Organiser).Status);
    }

    [Fact]
    public void the_printed_code_is_grouped_for_reading() => Assert.Equal("ABCD-EFGH-JK", BadgePrinter.Grouped("ABCDEFGHJK"));
}

public class list_filter_decisions
{
    private static readonly Guid Assembly = Guid.CreateVersion7();

    [Fact]
    public void an_organiser_filters_freely()
    {
        var movement = Guid.CreateVersion7();
        var (filter, problem) = DelegateFilter.Parse(Assembly, Given.Organiser, "Accredited", movement.ToString(), "BR", "press");
        Assert.Null(problem);
        Assert.Equal(new DelegateFilter(Assembly, DelegateStatus.Accredited, movement, "BR", "press"), filter);
    }

    [Fact]
    public void a_representative_is_held_to_its_movement()
    {
        Assert.Equal(Given.Movement, DelegateFilter.Parse(Assembly, Given.Representative, null, null, null, null).Filter!.MovementId);
        Assert.Equal(403, DelegateFilter.Parse(Assembly, Given.Representative, null, Guid.CreateVersion7().ToString(), null, null).Problem!.Status);
    }

    [Fact]
    public void delegates_may_not_list_and_bad_filters_are_named()
    {
        Assert.Equal(403, DelegateFilter.Parse(Assembly, Given.DelegateActor(Given.Delegate()), null, null, null, null).Problem!.Status);
        var problem = DelegateFilter.Parse(Assembly, Given.Organiser, "1", "nope", "XX", "chair").Problem!;
        Assert.Equal(["country", "movementId", "role", "status"], Given.Errors(problem).Keys.Order());
    }
}

public class attendance_counting
{
    [Fact]
    public void only_place_holders_count_and_only_accredited_arrivals_are_checked_in()
    {
        var assembly = Guid.CreateVersion7();
        var other = Guid.CreateVersion7();
        DelegateView D(DelegateStatus status, string country, Guid movement, bool checkedIn)
        {
            var view = Given.View(status);
            view.Country = country;
            view.MovementId = movement;
            view.CheckedInAt = checkedIn ? Given.Now : null;
            return view;
        }
        var delegates = new[]
        {
            D(DelegateStatus.Accredited, "AR", Given.Movement, true), D(DelegateStatus.Accredited, "AR", Given.Movement, false),
            D(DelegateStatus.Registered, "BR", other, false), D(DelegateStatus.Revoked, "BR", other, true),
            D(DelegateStatus.Withdrawn, "BR", other, true), D(DelegateStatus.Rejected, "UY", other, false),
        };
        var attendance = Attendance.Count(assembly, delegates, new Dictionary<Guid, string> { [Given.Movement] = "UTEP", [other] = "MST" });

        Assert.Equal((4, 2, 1), (attendance.Registered, attendance.Accredited, attendance.CheckedIn));
        Assert.Equal([new CountryAttendance("AR", 2, 2, 1), new CountryAttendance("BR", 2, 0, 0)], attendance.ByCountry);
        Assert.Equal([new MovementAttendance(other, "MST", 2, 0, 0), new MovementAttendance(Given.Movement, "UTEP", 2, 2, 1)], attendance.ByMovement);
    }
}

public class csv_fields
{
    [Theory]
    [InlineData("Berta Cáceres", "Berta Cáceres")]
    [InlineData("Cáceres, Berta", "\"Cáceres, Berta\"")]
    [InlineData("Cáceres; Berta", "\"Cáceres; Berta\"")]
    [InlineData(" padded ", "\" padded \"")]
    [InlineData("La \"Negra\"", "\"La \"\"Negra\"\"\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    [InlineData("=1+2", "\"'=1+2\"")]
    [InlineData("@SUM(A1)", "\"'@SUM(A1)\"")]
    [InlineData("-3", "\"'-3\"")]
    [InlineData("", "")]
    public void fields_are_quoted_and_formulas_defused(string value, string field)
    {
        var bytes = CsvFile.Write(["name", "n"], [[value, "1"]]);
        Assert.Equal(System.Text.Encoding.UTF8.GetPreamble(), bytes[..3]);
        Assert.Equal("name,n\r\n" + field + ",1\r\n", System.Text.Encoding.UTF8.GetString(bytes[3..]));
    }
}
