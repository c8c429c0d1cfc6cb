using Alba.Coordination.Accounts;
using Alba.Coordination.Delegates;
using Alba.Coordination.Infrastructure;

namespace Alba.Coordination.Tests.Delegates;

public class changing_an_assemblys_limits
{
    [Fact]
    public void records_new_limits_and_changes_nothing_when_they_are_the_same()
    {
        var assembly = Given.Assembly(capacity: 10, perMovement: 2);
        var changed = ChangeAssemblyLimitsEndpoint.Decide(assembly, new PlacesGiven(4, 2), new ChangeAssemblyLimits(20, 3), Given.Organiser, Given.Now);
        Assert.Equal([new AssemblyLimitsChanged(assembly.Id, 20, 3, Given.Organiser.Id, Given.Now)], changed.Events);
        Assert.Same(Decision.Nothing, ChangeAssemblyLimitsEndpoint.Decide(assembly, new PlacesGiven(4, 2), new ChangeAssemblyLimits(10, 2), Given.Organiser, Given.Now));
        Assert.Equal(20, assembly.Apply((AssemblyLimitsChanged)changed.Events[0]).Capacity);
    }

    [Fact]
    public void never_shrinks_below_the_places_already_given()
    {
        var assembly = Given.Assembly(capacity: 10, perMovement: 5);
        var belowTaken = ChangeAssemblyLimitsEndpoint.Decide(assembly, new PlacesGiven(8, 4), new ChangeAssemblyLimits(7, 4), Given.Organiser, Given.Now);
        Assert.Equal(409, belowTaken.Refusal?.Status);
        var belowDelegation = ChangeAssemblyLimitsEndpoint.Decide(assembly, new PlacesGiven(8, 4), new ChangeAssemblyLimits(10, 3), Given.Organiser, Given.Now);
        Assert.Contains("already has 4 delegates", belowDelegation.Refusal?.Detail);
        Assert.Equal(["delegatesPerMovement"], Given.Errors(ChangeAssemblyLimitsEndpoint.Validate(new ChangeAssemblyLimits(5, 6))).Keys);
    }
}

public class importing_a_delegation
{
    private const string Header = "Full name;Email;Country;Languages;Role\n";

    [Fact]
    public void reads_semicolon_files_with_a_bom_and_loose_headers_and_defaults_the_role()
    {
        var (rows, problem) = DelegationCsv.Read("\uFEFF" + Header + "Ana Pérez;ANA@x.org;ar;es, pt;\n\"Silva; João\";joao@x.org;BR;pt;observer\n");
        Assert.Null(problem);
        Assert.Equal(2, rows!.Count);
        Assert.Equal((2, "Ana Pérez", "ANA@x.org", "AR", "delegate"), (rows[0].Line, rows[0].FullName, rows[0].Email, rows[0].Country, rows[0].Role));
        Assert.Equal(["es", "pt"], rows[0].Languages);
        Assert.Equal(("Silva; João", "observer", 3), (rows[1].FullName, rows[1].Role, rows[1].Line));
    }

    [Fact]
    public void refuses_a_file_without_the_needed_columns_or_without_rows()
    {
        Assert.Contains("missing: email", DelegationCsv.Read("name,country,languages\nAna,AR,es\n").Problem?.Detail);
        Assert.Contains("no delegates", DelegationCsv.Read(Header).Problem?.Detail);
    }

    [Fact]
    public void checks_each_row_as_the_registration_would_and_flags_an_email_repeated_in_the_file()
    {
        var (rows, _) = DelegationCsv.Read(Header + "Ana;ana@x.org;AR;es;delegate\nBeto;nope;Argentina;es;delegate\nAna bis;ANA@x.org;AR;es;delegate\nCarla;carla@x.org;AR;es;chair\n");
        var registered = new Dictionary<string, Guid> { ["ana@x.org"] = Guid.CreateVersion7() };
        var checkedRows = ImportDelegationEndpoint.Check(rows!, Given.Movement, registered);
        Assert.Empty(checkedRows[0].Errors);
        Assert.Equal(registered["ana@x.org"], checkedRows[0].RegisteredAs);
        Assert.Equal(["country", "email"], checkedRows[1].Errors.Keys.Order());
        Assert.Contains("earlier line", checkedRows[2].Errors["email"][0]);
        Assert.Equal(["role"], checkedRows[3].Errors.Keys);
    }

    [Fact]
    public void a_row_already_registered_for_its_movement_is_a_repeat_even_after_registration_closed()
    {
        var assembly = Given.Assembly(RegistrationStatus.Closed);
        var row = new RegisterDelegate(Given.Movement, "Ana", "ana@x.org", "AR", ["es"], DelegateRoles.Delegate);
        var person = new DelegatePerson { Id = Guid.CreateVersion7(), AssemblyId = assembly.Id, EmailIndex = "index", Sealed = "sealed" };
        Assert.Same(Decision.Nothing, ImportRegistrationEndpoint.Decide(assembly, new PlacesTaken(10, 2), person, Given.Movement, row, Guid.CreateVersion7(), Given.Organiser, Given.Now));
        var otherMovement = ImportRegistrationEndpoint.Decide(Given.Assembly(), new PlacesTaken(0, 0), person, Guid.CreateVersion7(), row, Guid.CreateVersion7(), Given.Organiser, Given.Now);
        Assert.Contains("already registered", otherMovement.Refusal?.Detail);
        var full = ImportRegistrationEndpoint.Decide(Given.Assembly(perMovement: 2), new PlacesTaken(2, 2), null, null, row, Guid.CreateVersion7(), Given.Organiser, Given.Now);
        Assert.Contains("quota", full.Refusal?.Detail);
    }
}

public class checking_in_by_the_badges_code
{
    private static DelegateCredential Credential(DelegateState state, DateTimeOffset? invalidatedAt = null) =>
        new() { Id = "hash", DelegateId = state.Id, AssemblyId = state.AssemblyId, MovementId = state.MovementId, IssuedAt = Given.Now, InvalidatedAt = invalidatedAt };

    private static CheckInByCode Scan(string scanId = "s1") => new("ABCD", "puerta", Given.Now.AddMinutes(-1), scanId);

    [Fact]
    public void checks_the_codes_delegate_in_once_per_scan()
    {
        var state = Given.Delegate(DelegateStatus.Accredited);
        var decision = CheckInByCodeEndpoint.Decide(state, Credential(state), state.AssemblyId, Scan(), Given.Organiser, Given.Now);
        var checkedIn = Assert.IsType<DelegateCheckedIn>(Assert.Single(decision.Events));
        Assert.Equal((state.Id, "s1"), (checkedIn.DelegateId, checkedIn.ScanId));
        Assert.Same(Decision.Nothing, CheckInByCodeEndpoint.Decide(state.Apply(checkedIn), Credential(state), state.AssemblyId, Scan(), Given.Organiser, Given.Now));
    }

    [Fact]
    public void refuses_revoked_replaced_and_foreign_badges()
    {
        var revoked = Given.Delegate(DelegateStatus.Revoked);
        Assert.Contains("revoked", CheckInByCodeEndpoint.Decide(revoked, Credential(revoked, Given.Now), revoked.AssemblyId, Scan(), Given.Organiser, Given.Now).Refusal?.Detail);
        var accredited = Given.Delegate(DelegateStatus.Accredited);
        Assert.Contains("replaced", CheckInByCodeEndpoint.Decide(accredited, Credential(accredited, Given.Now), accredited.AssemblyId, Scan(), Given.Organiser, Given.Now).Refusal?.Detail);
        Assert.Contains("another assembly", CheckInByCodeEndpoint.Decide(accredited, Credential(accredited), Guid.CreateVersion7(), Scan(), Given.Organiser, Given.Now).Refusal?.Detail);
    }
}
