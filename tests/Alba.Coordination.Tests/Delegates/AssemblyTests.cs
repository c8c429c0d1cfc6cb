using Alba.Coordination.Tests.Support;

namespace Alba.Coordination.Tests.Delegates;

[Collection(AppCollection.Name)]
public class convening_an_assembly(AppFixture app)
{
    [Fact]
    public async Task an_organiser_convenes_it_and_anyone_reads_it()
    {
        var body = DelegatesScenarios.AssemblyBody(capacity: 300, delegatesPerMovement: 12);
        var created = await app.Host.Post("/api/assemblies", body, await app.Host.Organiser());
        Assert.Equal(201, created.Status);
        var id = created.Id("assemblyId");
        Assert.Equal($"/api/assemblies/{id}", created.Location);

        var one = await app.Host.Get($"/api/assemblies/{id}");
        Assert.Equal(200, one.Status);
        Assert.Equal("Buenos Aires", one.Get<string>("city"));
        Assert.Equal("2026-11-28", one.Get<string>("opensOn"));
        Assert.Equal(300, one.Get<int>("capacity"));
        Assert.Equal(12, one.Get<int>("delegatesPerMovement"));
        Assert.Equal("notOpened", one.Get<string>("registration"));

        var list = await app.Host.Get("/api/assemblies");
        Assert.Contains(list.Body!.AsArray(), a => a!["id"]!.GetValue<string>() == id.ToString());
    }

    [Fact]
    public async Task every_invalid_field_is_named()
    {
        var answer = await app.Host.Post("/api/assemblies", new
        {
            title = "", city = "", country = "Argentina", opensOn = "2026-11-30", closesOn = "2026-11-28", capacity = 0, delegatesPerMovement = 0,
        }, await app.Host.Organiser());
        Assert.Equal(400, answer.Status);
        Assert.Equal("application/problem+json", answer.ContentType);
        Assert.Equal(["capacity", "city", "closesOn", "country", "delegatesPerMovement", "title"],
            answer.Body!["errors"]!.AsObject().Select(e => e.Key).Order());
    }

    [Fact]
    public async Task only_organisers_convene_and_open()
    {
        Assert.Equal(401, (await app.Host.Post("/api/assemblies", DelegatesScenarios.AssemblyBody())).Status);
        var rep = await app.Host.ARepresentativeOf(await app.Host.AMovement());
        Assert.Equal(403, (await app.Host.Post("/api/assemblies", DelegatesScenarios.AssemblyBody(), rep)).Status);
        var id = await app.Host.AnAssembly(open: false);
        Assert.Equal(403, (await app.Host.Post($"/api/assemblies/{id}/registration/opening", null, rep)).Status);
        Assert.Equal(401, (await app.Host.Post($"/api/assemblies/{id}/registration/closing", null)).Status);
    }

    [Fact]
    public async Task unknown_assemblies_are_404()
    {
        var unknown = Guid.CreateVersion7();
        Assert.Equal(404, (await app.Host.Get($"/api/assemblies/{unknown}")).Status);
        Assert.Equal(404, (await app.Host.Get($"/api/assemblies/{unknown}/attendance")).Status);
        Assert.Equal(404, (await app.Host.Post($"/api/assemblies/{unknown}/registration/opening", null, await app.Host.Organiser())).Status);
    }
}

[Collection(AppCollection.Name)]
public class the_registration_window(AppFixture app)
{
    [Fact]
    public async Task registration_is_refused_before_opening_and_after_closing()
    {
        var organiser = await app.Host.Organiser();
        var id = await app.Host.AnAssembly(open: false);
        var movement = await app.Host.AMovement();

        var early = await app.Host.Register(id, DelegatesScenarios.RegistrationBody(movement), organiser);
        Assert.Equal(409, early.Status);
        Assert.Contains("not open", early.Get<string>("detail"));
        Assert.Equal(409, (await app.Host.Post($"/api/assemblies/{id}/registration/closing", null, organiser)).Status);

        var opened = await app.Host.Post($"/api/assemblies/{id}/registration/opening", null, organiser);
        Assert.Equal(200, opened.Status);
        Assert.Equal("open", opened.Get<string>("registration"));
        Assert.Equal(201, (await app.Host.Register(id, DelegatesScenarios.RegistrationBody(movement), organiser)).Status);

        Assert.Equal(200, (await app.Host.Post($"/api/assemblies/{id}/registration/closing", null, organiser)).Status);
        var late = await app.Host.Register(id, DelegatesScenarios.RegistrationBody(movement), organiser);
        Assert.Equal(409, late.Status);
        Assert.Contains("closed", late.Get<string>("detail"));
        Assert.Equal("closed", (await app.Host.Get($"/api/assemblies/{id}")).Get<string>("registration"));
    }

    [Fact]
    public async Task opening_or_closing_twice_changes_nothing()
    {
        var organiser = await app.Host.Organiser();
        var id = await app.Host.AnAssembly();
        Assert.Equal(200, (await app.Host.Post($"/api/assemblies/{id}/registration/opening", null, organiser)).Status);
        Assert.Equal(200, (await app.Host.Post($"/api/assemblies/{id}/registration/closing", null, organiser)).Status);
        Assert.Equal(200, (await app.Host.Post($"/api/assemblies/{id}/registration/closing", null, organiser)).Status);

        Assert.Equal(["AssemblyConvened", "RegistrationOpened", "RegistrationClosed"], await app.Host.EventTypes(id));
    }
}
