using Alba.Coordination.Movements;
using Alba.Coordination.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Alba.Coordination.Tests.Delegates;

[Collection(AppCollection.Name)]
public class registering_delegates(AppFixture app)
{
    [Fact]
    public async Task a_representative_registers_its_movement_s_delegate()
    {
        var assembly = await app.Host.AnAssembly();
        var movement = await app.Host.AMovement();
        var rep = await app.Host.ARepresentativeOf(movement);
        var email = Scenarios.UniqueEmail("Berta.Caceres");

        var answer = await app.Host.Register(assembly, DelegatesScenarios.RegistrationBody(movement, "delegate", "HN", email, "Berta Cáceres"), rep);
        Assert.Equal(201, answer.Status);
        var id = answer.Id("delegateId");
        Assert.Equal($"/api/delegates/{id}", answer.Location);

        var details = await app.Host.Get($"/api/delegates/{id}", rep);
        Assert.Equal(200, details.Status);
        Assert.Equal("Berta Cáceres", details.Get<string>("fullName"));
        Assert.Equal(email.ToLowerInvariant(), details.Get<string>("email"));
        Assert.Equal("HN", details.Get<string>("country"));
        Assert.Equal("registered", details.Get<string>("status"));
        Assert.Equal(movement.ToString(), details.Body!["movement"]!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task a_movement_registered_on_this_node_is_known_without_a_read()
    {
        var movement = await app.Host.AMovement();

        Assert.True(app.Host.Services.GetRequiredService<KnownMovements>().Contains(movement));
    }

    [Fact]
    public async Task a_movement_this_node_did_not_register_is_read_and_then_known()
    {
        var assembly = await app.Host.AnAssembly();
        var known = app.Host.Services.GetRequiredService<KnownMovements>();
        // As another node's registration of a movement leaves this node: its view stored, its event never seen here.
        var movement = Guid.CreateVersion7();
        await using (var session = app.Host.Services.GetRequiredService<IDocumentStore>().LightweightSession())
        {
            session.Store(new MovementView { Id = movement, Name = $"Another node's movement {movement:N}", NameKey = $"another node's movement {movement:N}", Country = "AR" });
            await session.SaveChangesAsync();
        }
        Assert.False(known.Contains(movement));

        var answer = await app.Host.Register(assembly, DelegatesScenarios.RegistrationBody(movement), await app.Host.Organiser());

        Assert.Equal(201, answer.Status);
        Assert.True(known.Contains(movement));
        var unknown = Guid.CreateVersion7();
        Assert.Equal(400, (await app.Host.Register(assembly, DelegatesScenarios.RegistrationBody(unknown), await app.Host.Organiser())).Status);
        Assert.False(known.Contains(unknown));
    }

    [Fact]
    public async Task a_representative_cannot_register_for_another_movement_nor_a_delegate_or_anonymous_caller()
    {
        var assembly = await app.Host.AnAssembly();
        var movement = await app.Host.AMovement();
        var otherRep = await app.Host.ARepresentativeOf(await app.Host.AMovement());
        Assert.Equal(403, (await app.Host.Register(assembly, DelegatesScenarios.RegistrationBody(movement), otherRep)).Status);
        Assert.Equal(401, (await app.Host.Register(assembly, DelegatesScenarios.RegistrationBody(movement), Caller.Anonymous)).Status);
        var accredited = await app.Host.AnAccreditedDelegate(assembly, movement);
        var delegateCaller = await app.Host.SignInAsDelegate(accredited);
        Assert.Equal(403, (await app.Host.Register(assembly, DelegatesScenarios.RegistrationBody(movement), delegateCaller)).Status);
    }

    [Fact]
    public async Task every_invalid_field_is_named()
    {
        var assembly = await app.Host.AnAssembly();
        var answer = await app.Host.Register(assembly, new
        {
            movementId = Guid.Empty, fullName = "", email = "not-an-email", country = "ARG", languages = new[] { "es", "spa", "EN" }, role = "chair",
        }, await app.Host.Organiser());
        Assert.Equal(400, answer.Status);
        var errors = answer.Body!["errors"]!.AsObject();
        Assert.Equal(["country", "email", "fullName", "languages", "movementId", "role"], errors.Select(e => e.Key).Order());
        Assert.Equal(2, errors["languages"]!.AsArray().Count);
    }

    [Fact]
    public async Task languages_are_required()
    {
        var assembly = await app.Host.AnAssembly();
        var movement = await app.Host.AMovement();
        var answer = await app.Host.Register(assembly, new { movementId = movement, fullName = "X", email = Scenarios.UniqueEmail(), country = "AR", role = "guest" },
            await app.Host.Organiser());
        Assert.Equal(400, answer.Status);
        Assert.NotNull(answer.Body!["errors"]!["languages"]);
    }

    [Fact]
    public async Task an_unknown_movement_is_a_field_error_and_an_unknown_assembly_404()
    {
        var organiser = await app.Host.Organiser();
        var assembly = await app.Host.AnAssembly();
        var unknownMovement = await app.Host.Register(assembly, DelegatesScenarios.RegistrationBody(Guid.CreateVersion7()), organiser);
        Assert.Equal(400, unknownMovement.Status);
        Assert.NotNull(unknownMovement.Body!["errors"]!["movementId"]);
        Assert.Equal(404, (await app.Host.Register(Guid.CreateVersion7(), DelegatesScenarios.RegistrationBody(await app.Host.AMovement()), organiser)).Status);
    }

    [Fact]
    public async Task one_email_registers_once_per_assembly_whatever_its_case()
    {
        var organiser = await app.Host.Organiser();
        var assembly = await app.Host.AnAssembly();
        var movement = await app.Host.AMovement();
        var email = Scenarios.UniqueEmail("Rosa");
        Assert.Equal(201, (await app.Host.Register(assembly, DelegatesScenarios.RegistrationBody(movement, email: email), organiser)).Status);

        var again = await app.Host.Register(assembly, DelegatesScenarios.RegistrationBody(movement, role: "observer", email: email.ToUpperInvariant()), organiser);
        Assert.Equal(409, again.Status);
        Assert.Contains("already registered", again.Get<string>("detail"));

        var elsewhere = await app.Host.AnAssembly();
        Assert.Equal(201, (await app.Host.Register(elsewhere, DelegatesScenarios.RegistrationBody(movement, email: email), organiser)).Status);
    }

    [Fact]
    public async Task the_same_email_racing_registers_once()
    {
        var organiser = await app.Host.Organiser();
        var assembly = await app.Host.AnAssembly();
        var movement = await app.Host.AMovement();
        var email = Scenarios.UniqueEmail("race");
        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ =>
            app.Host.Register(assembly, DelegatesScenarios.RegistrationBody(movement, email: email), organiser)));
        Assert.Equal(1, answers.Count(a => a.Status == 201));
        Assert.All(answers.Where(a => a.Status != 201), a => Assert.Equal(409, a.Status));
    }
}

[Collection(AppCollection.Name)]
public class when_a_quota_is_full(AppFixture app)
{
    [Fact]
    public async Task the_movement_s_next_delegate_is_refused_but_an_observer_still_fits()
    {
        var organiser = await app.Host.Organiser();
        var assembly = await app.Host.AnAssembly(capacity: 10, delegatesPerMovement: 2);
        var movement = await app.Host.AMovement();
        await app.Host.ARegisteredDelegate(assembly, movement);
        await app.Host.ARegisteredDelegate(assembly, movement);

        var third = await app.Host.Register(assembly, DelegatesScenarios.RegistrationBody(movement), organiser);
        Assert.Equal(409, third.Status);
        Assert.Contains("quota", third.Get<string>("detail"));
        Assert.Equal(201, (await app.Host.Register(assembly, DelegatesScenarios.RegistrationBody(movement, role: "observer"), organiser)).Status);
        Assert.Equal(201, (await app.Host.Register(assembly, DelegatesScenarios.RegistrationBody(await app.Host.AMovement()), organiser)).Status);
    }

    [Fact]
    public async Task a_withdrawal_or_a_rejection_frees_a_place()
    {
        var organiser = await app.Host.Organiser();
        var assembly = await app.Host.AnAssembly(capacity: 10, delegatesPerMovement: 2);
        var movement = await app.Host.AMovement();
        var first = await app.Host.ARegisteredDelegate(assembly, movement);
        var second = await app.Host.ARegisteredDelegate(assembly, movement);
        Assert.Equal(409, (await app.Host.Register(assembly, DelegatesScenarios.RegistrationBody(movement), organiser)).Status);

        Assert.Equal(200, (await app.Host.Post($"/api/delegates/{first.Id}/withdrawal", null, organiser)).Status);
        Assert.Equal(201, (await app.Host.Register(assembly, DelegatesScenarios.RegistrationBody(movement), organiser)).Status);
        Assert.Equal(409, (await app.Host.Register(assembly, DelegatesScenarios.RegistrationBody(movement), organiser)).Status);

        Assert.Equal(200, (await app.Host.Decide(second.Id, "reject", "Not a member of the movement")).Status);
        Assert.Equal(201, (await app.Host.Register(assembly, DelegatesScenarios.RegistrationBody(movement), organiser)).Status);
    }

    [Fact]
    public async Task a_revoked_delegate_keeps_its_place()
    {
        var organiser = await app.Host.Organiser();
        var assembly = await app.Host.AnAssembly(capacity: 10, delegatesPerMovement: 1);
        var movement = await app.Host.AMovement();
        var accredited = await app.Host.AnAccreditedDelegate(assembly, movement);
        Assert.Equal(200, (await app.Host.Post($"/api/delegates/{accredited.Id}/revocation", new { reason = "Conduct" }, organiser)).Status);
        Assert.Equal(409, (await app.Host.Register(assembly, DelegatesScenarios.RegistrationBody(movement), organiser)).Status);
    }

    [Fact]
    public async Task fourteen_racing_registrations_against_a_quota_of_ten_accept_exactly_ten()
    {
        var assembly = await app.Host.AnAssembly(capacity: 100, delegatesPerMovement: 10);
        var movement = await app.Host.AMovement();
        var rep = await app.Host.ARepresentativeOf(movement);

        var answers = await Task.WhenAll(Enumerable.Range(0, 14).Select(_ =>
            app.Host.Register(assembly, DelegatesScenarios.RegistrationBody(movement), rep)));

        Assert.Equal(10, answers.Count(a => a.Status == 201));
        var refused = answers.Where(a => a.Status != 201).ToList();
        Assert.Equal(4, refused.Count);
        Assert.All(refused, a => Assert.Equal(409, a.Status));
        Assert.All(refused, a => Assert.Contains("quota", a.Get<string>("detail")));
        Assert.Equal(10, (await app.Host.Attendance(assembly))["registered"]!.GetValue<int>());
    }
}

[Collection(AppCollection.Name)]
public class when_the_assembly_is_full(AppFixture app)
{
    [Fact]
    public async Task fourteen_racing_registrations_against_a_capacity_of_ten_accept_exactly_ten()
    {
        var assembly = await app.Host.AnAssembly(capacity: 10, delegatesPerMovement: 10);
        var organiser = await app.Host.Organiser();
        var movements = await Task.WhenAll(Enumerable.Range(0, 7).Select(_ => app.Host.AMovement()));
        var roles = new[] { "delegate", "observer", "guest", "press" };

        var answers = await Task.WhenAll(Enumerable.Range(0, 14).Select(i =>
            app.Host.Register(assembly, DelegatesScenarios.RegistrationBody(movements[i % 7], roles[i % 4]), organiser)));

        Assert.Equal(10, answers.Count(a => a.Status == 201));
        var refused = answers.Where(a => a.Status != 201).ToList();
        Assert.Equal(4, refused.Count);
        Assert.All(refused, a => Assert.Equal(409, a.Status));
        Assert.All(refused, a => Assert.Contains("full", a.Get<string>("detail")));
        Assert.Equal(10, (await app.Host.Attendance(assembly))["registered"]!.GetValue<int>());
    }
}
