using Alba.Coordination.Delegates;
using Alba.Coordination.Tests.Support;
using Marten;

namespace Alba.Coordination.Tests.Delegates;

[Collection(AppCollection.Name)]
public class attendance_of_an_assembly(AppFixture app)
{
    /// <summary>2 movements in 2 countries: every status, some checked in, one revoked after checking in.</summary>
    private async Task<(Guid Assembly, Guid Mst, Guid Utep)> AnAssemblyUnderWay()
    {
        var organiser = await app.Host.Organiser();
        var assembly = await app.Host.AnAssembly();
        var mst = await app.Host.AMovement(country: "BR");
        var utep = await app.Host.AMovement(country: "AR");
        var now = DateTimeOffset.UtcNow;

        var br1 = await app.Host.AnAccreditedDelegate(assembly, mst, country: "BR");
        var br2 = await app.Host.AnAccreditedDelegate(assembly, mst, country: "BR");
        await app.Host.ARegisteredDelegate(assembly, mst, role: "press", country: "BR");
        var ar1 = await app.Host.AnAccreditedDelegate(assembly, utep, country: "AR");
        await app.Host.AnAccreditedDelegate(assembly, utep, role: "observer", country: "AR");
        var rejected = await app.Host.ARegisteredDelegate(assembly, utep, country: "AR");
        var withdrawn = await app.Host.AnAccreditedDelegate(assembly, utep, country: "UY");

        await app.Host.CheckIn(br1.Id, now.AddMinutes(-30));
        await app.Host.CheckIn(br2.Id, now.AddMinutes(-20));
        await app.Host.CheckIn(ar1.Id, now.AddMinutes(-10));
        await app.Host.Decide(rejected.Id, "reject");
        await app.Host.Post($"/api/delegates/{withdrawn.Id}/withdrawal", null, organiser);
        await app.Host.Post($"/api/delegates/{br2.Id}/revocation", new { reason = "Conduct" }, organiser);
        return (assembly, mst, utep);
    }

    /// <summary>
    /// Worked by hand from <see cref="AnAssemblyUnderWay"/>: registered counts who holds a place (registered, accredited,
    /// revoked: 5 of 7, not the rejected or the withdrawn one); accredited br1, ar1 and the observer; checked in br1 and ar1
    /// (br2 was revoked after checking in). By country BR 3/1/1, AR 2/2/1; UY only had the withdrawn delegate.
    /// </summary>
    private static void HasTheHandWorkedCounts(System.Text.Json.Nodes.JsonNode attendance, Guid mst, Guid utep)
    {
        Assert.Equal((5, 3, 2), (attendance["registered"]!.GetValue<int>(), attendance["accredited"]!.GetValue<int>(), attendance["checkedIn"]!.GetValue<int>()));
        var byCountry = attendance["byCountry"]!.AsArray().ToDictionary(c => c!["country"]!.GetValue<string>());
        Assert.Equal(["AR", "BR"], byCountry.Keys.Order());
        Assert.Equal((3, 1, 1), (byCountry["BR"]!["registered"]!.GetValue<int>(), byCountry["BR"]!["accredited"]!.GetValue<int>(), byCountry["BR"]!["checkedIn"]!.GetValue<int>()));
        Assert.Equal((2, 2, 1), (byCountry["AR"]!["registered"]!.GetValue<int>(), byCountry["AR"]!["accredited"]!.GetValue<int>(), byCountry["AR"]!["checkedIn"]!.GetValue<int>()));
        var byMovement = attendance["byMovement"]!.AsArray().ToDictionary(m => Guid.Parse(m!["movementId"]!.GetValue<string>()));
        Assert.Equal(3, byMovement[mst]!["registered"]!.GetValue<int>());
        Assert.Equal(2, byMovement[utep]!["accredited"]!.GetValue<int>());
        Assert.False(string.IsNullOrEmpty(byMovement[utep]!["name"]!.GetValue<string>()));
    }

    [Fact]
    public async Task anyone_reads_exact_counts_by_country_and_movement()
    {
        var (assembly, mst, utep) = await AnAssemblyUnderWay();
        HasTheHandWorkedCounts(await app.Host.Attendance(assembly), mst, utep);
    }

    [Fact]
    public async Task after_a_projection_rebuild_it_still_has_the_hand_worked_counts()
    {
        var (assembly, mst, utep) = await AnAssemblyUnderWay();
        var before = (await app.Host.Attendance(assembly)).ToJsonString();

        using (var daemon = await app.Host.Store().BuildProjectionDaemonAsync())
            await daemon.RebuildProjectionAsync<DelegateViewProjection>(CancellationToken.None);

        var after = await app.Host.Attendance(assembly);
        Assert.Equal(before, after.ToJsonString());
        HasTheHandWorkedCounts(after, mst, utep);

        await using var session = app.Host.Store().QuerySession();
        var statuses = (await session.Query<DelegateView>().Where(d => d.AssemblyId == assembly).ToListAsync())
            .GroupBy(v => v.Status).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(new Dictionary<DelegateStatus, int>
        {
            [DelegateStatus.Registered] = 1, [DelegateStatus.Accredited] = 3, [DelegateStatus.Revoked] = 1,
            [DelegateStatus.Rejected] = 1, [DelegateStatus.Withdrawn] = 1,
        }, statuses);
    }
}
