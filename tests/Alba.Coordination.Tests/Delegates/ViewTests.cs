using Alba.Coordination.Tests.Support;

namespace Alba.Coordination.Tests.Delegates;

[Collection(AppCollection.Name)]
public class reading_a_delegate(AppFixture app)
{
    [Fact]
    public async Task the_organiser_its_representative_and_the_delegate_itself_read_it_and_no_one_else()
    {
        var assembly = await app.Host.AnAssembly();
        var accredited = await app.Host.AnAccreditedDelegate(assembly);
        var url = $"/api/delegates/{accredited.Id}";
        Assert.Equal(200, (await app.Host.Get(url, await app.Host.Organiser())).Status);
        Assert.Equal(200, (await app.Host.Get(url, await app.Host.ARepresentativeOf(accredited.MovementId))).Status);
        Assert.Equal(200, (await app.Host.Get(url, await app.Host.SignInAsDelegate(accredited))).Status);

        Assert.Equal(401, (await app.Host.Get(url)).Status);
        Assert.Equal(403, (await app.Host.Get(url, await app.Host.ARepresentativeOf(await app.Host.AMovement()))).Status);
        var other = await app.Host.SignInAsDelegate(await app.Host.AnAccreditedDelegate(assembly, accredited.MovementId));
        Assert.Equal(403, (await app.Host.Get(url, other)).Status);
        Assert.Equal(403, (await app.Host.Get($"{url}/history", other)).Status);
        Assert.Equal(404, (await app.Host.Get($"/api/delegates/{Guid.CreateVersion7()}", await app.Host.Organiser())).Status);
    }

    [Fact]
    public async Task the_history_lists_every_event_oldest_first_with_time_and_actor_and_no_credential()
    {
        var organiser = await app.Host.Organiser();
        var movement = await app.Host.AMovement();
        var rep = await app.Host.ARepresentativeOf(movement);
        var assembly = await app.Host.AnAssembly();
        var id = (await app.Host.Register(assembly, DelegatesScenarios.RegistrationBody(movement), rep)).Id("delegateId");
        var code = (await app.Host.Decide(id, "accredit")).Get<string>("credentialCode");
        await app.Host.Post($"/api/delegates/{id}/credential", null, organiser);
        await app.Host.CheckIn(id, DateTimeOffset.UtcNow.AddMinutes(-1), "h-1");
        await app.Host.Post($"/api/delegates/{id}/revocation", new { reason = "Conduct" }, organiser);

        var history = await app.Host.Get($"/api/delegates/{id}/history", rep);
        Assert.Equal(200, history.Status);
        var entries = history.Body!.AsArray();
        Assert.Equal(["DelegateRegistered", "DelegateAccredited", "CredentialReissued", "DelegateCheckedIn", "DelegateRevoked"],
            entries.Select(e => e!["type"]!.GetValue<string>()));
        Assert.Equal([1L, 2, 3, 4, 5], entries.Select(e => e!["version"]!.GetValue<long>()));
        var times = entries.Select(e => e!["at"]!.GetValue<DateTimeOffset>()).ToList();
        Assert.Equal(times.Order(), times);
        Assert.NotEqual(Guid.Empty, Guid.Parse(entries[0]!["by"]!.GetValue<string>()));
        Assert.Equal("h-1", entries[3]!["details"]!["scanId"]!.GetValue<string>());
        Assert.Equal("Conduct", entries[4]!["details"]!["reason"]!.GetValue<string>());
        var text = history.Body!.ToJsonString();
        Assert.DoesNotContain(Infrastructure.Auth.Secrets.Hash(code), text);
        Assert.DoesNotContain("credentialHash", text, StringComparison.OrdinalIgnoreCase);
    }
}

[Collection(AppCollection.Name)]
public class listing_an_assembly_s_delegates(AppFixture app)
{
    [Fact]
    public async Task organisers_filter_by_status_movement_country_and_role()
    {
        var organiser = await app.Host.Organiser();
        var assembly = await app.Host.AnAssembly();
        var mst = await app.Host.AMovement(country: "BR");
        var utep = await app.Host.AMovement();
        var brazilian = await app.Host.AnAccreditedDelegate(assembly, mst, country: "BR");
        var press = await app.Host.ARegisteredDelegate(assembly, mst, role: "press", country: "BR");
        var argentine = await app.Host.AnAccreditedDelegate(assembly, utep, country: "AR");

        async Task<IReadOnlyList<Guid>> Ids(string query)
        {
            var answer = await app.Host.Get($"/api/assemblies/{assembly}/delegates{query}", organiser);
            Assert.Equal(200, answer.Status);
            return answer.Body!.AsArray().Select(d => Guid.Parse(d!["id"]!.GetValue<string>())).Order().ToList();
        }

        Assert.Equal(new[] { brazilian.Id, press.Id, argentine.Id }.Order(), await Ids(""));
        Assert.Equal(new[] { brazilian.Id, argentine.Id }.Order(), await Ids("?status=accredited"));
        Assert.Equal(new[] { brazilian.Id, press.Id }.Order(), await Ids($"?movementId={mst}"));
        Assert.Equal(new[] { argentine.Id }, await Ids("?country=AR"));
        Assert.Equal(new[] { press.Id }, await Ids("?role=press&country=BR"));

        var bad = await app.Host.Get($"/api/assemblies/{assembly}/delegates?status=happy&country=Brasil&role=chair&movementId=x", organiser);
        Assert.Equal(400, bad.Status);
        Assert.Equal(["country", "movementId", "role", "status"], bad.Body!["errors"]!.AsObject().Select(e => e.Key).Order());
    }

    [Fact]
    public async Task a_representative_sees_only_its_own_movement()
    {
        var assembly = await app.Host.AnAssembly();
        var mine = await app.Host.AMovement();
        var theirs = await app.Host.AMovement();
        var own = await app.Host.ARegisteredDelegate(assembly, mine);
        await app.Host.ARegisteredDelegate(assembly, theirs);
        var rep = await app.Host.ARepresentativeOf(mine);

        var list = await app.Host.Get($"/api/assemblies/{assembly}/delegates", rep);
        Assert.Equal(200, list.Status);
        Assert.Equal([own.Id.ToString()], list.Body!.AsArray().Select(d => d!["id"]!.GetValue<string>()));
        Assert.Equal(403, (await app.Host.Get($"/api/assemblies/{assembly}/delegates?movementId={theirs}", rep)).Status);
        Assert.Equal(403, (await app.Host.Get($"/api/assemblies/{assembly}/delegates.csv", rep)).Status);

        var delegateCaller = await app.Host.SignInAsDelegate(await app.Host.AnAccreditedDelegate(assembly, mine));
        Assert.Equal(403, (await app.Host.Get($"/api/assemblies/{assembly}/delegates", delegateCaller)).Status);
        Assert.Equal(401, (await app.Host.Get($"/api/assemblies/{assembly}/delegates")).Status);
    }

    [Fact]
    public async Task the_csv_export_escapes_what_spreadsheets_would_misread()
    {
        var organiser = await app.Host.Organiser();
        var assembly = await app.Host.AnAssembly();
        var movement = await app.Host.AMovement();
        var tricky = await app.Host.ARegisteredDelegate(assembly, movement, fullName: "Cáceres; Berta \"La Negra\", Flores");
        var formula = await app.Host.ARegisteredDelegate(assembly, movement, fullName: "=HYPERLINK(\"http://x\")");

        using var client = app.Host.Client(organiser);
        var response = await client.GetAsync($"/api/assemblies/{assembly}/delegates.csv");
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        var csv = await response.Content.ReadAsStringAsync();
        var lines = csv.Split("\r\n");
        Assert.StartsWith("id,fullName,email,movementId,movement,country,languages,role,status", lines[0]);
        // Line breaks and other control characters are refused in names (BadInputTests), so none can reach a spreadsheet.
        Assert.Contains($"{tricky.Id},\"Cáceres; Berta \"\"La Negra\"\", Flores\",{tricky.Email},", csv);
        Assert.Contains($"{formula.Id},\"'=HYPERLINK(\"\"http://x\"\")\",", csv);
        Assert.Contains(",es pt,delegate,registered,", csv);
    }
}
