using Alba.Coordination.Tests.Support;

namespace Alba.Coordination.Tests.Delegates;

[Collection(AppCollection.Name)]
public class checking_delegates_in(AppFixture app)
{
    private static readonly DateTimeOffset Morning = DateTimeOffset.UtcNow.AddHours(-3);

    [Fact]
    public async Task the_first_scan_checks_the_delegate_in_and_the_same_scan_again_changes_nothing()
    {
        var accredited = await app.Host.AnAccreditedDelegate(await app.Host.AnAssembly());
        var first = await app.Host.CheckIn(accredited.Id, Morning, "scan-1", "Puerta Norte");
        Assert.Equal(200, first.Status);
        Assert.True(first.Get<bool>("changed"));
        Assert.Equal("Puerta Norte", first.Get<string>("station"));
        Assert.Equal(Morning, first.Get<DateTimeOffset>("checkedInAt"));

        var repeat = await app.Host.CheckIn(accredited.Id, Morning.AddMinutes(30), "scan-1", "Puerta Sur");
        Assert.Equal(200, repeat.Status);
        Assert.False(repeat.Get<bool>("changed"));
        Assert.Equal(Morning, repeat.Get<DateTimeOffset>("checkedInAt"));
        Assert.Equal(1, (await app.Host.EventTypes(accredited.Id)).Count(t => t == "DelegateCheckedIn"));
    }

    [Fact]
    public async Task a_late_offline_scan_made_earlier_becomes_the_check_in_time_and_a_later_one_does_not()
    {
        var organiser = await app.Host.Organiser();
        var accredited = await app.Host.AnAccreditedDelegate(await app.Host.AnAssembly());
        Assert.Equal(200, (await app.Host.CheckIn(accredited.Id, Morning, "online-1", "Puerta Norte")).Status);

        var offline = await app.Host.CheckIn(accredited.Id, Morning.AddMinutes(-45), "offline-7", "Puerta Sur (sin red)");
        Assert.Equal(200, offline.Status);
        Assert.Equal(Morning.AddMinutes(-45), offline.Get<DateTimeOffset>("checkedInAt"));
        Assert.Equal(200, (await app.Host.CheckIn(accredited.Id, Morning.AddMinutes(20), "online-2")).Status);

        var details = await app.Host.Get($"/api/delegates/{accredited.Id}", organiser);
        Assert.Equal(Morning.AddMinutes(-45), details.Get<DateTimeOffset>("checkedInAt"));
        Assert.Equal("Puerta Sur (sin red)", details.Get<string>("checkInStation"));
    }

    [Fact]
    public async Task a_batch_uploaded_twice_at_once_is_recorded_once()
    {
        var accredited = await app.Host.AnAccreditedDelegate(await app.Host.AnAssembly());
        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => app.Host.CheckIn(accredited.Id, Morning, "dup-scan")));
        Assert.All(answers, a => Assert.Equal(200, a.Status));
        Assert.Equal(1, (await app.Host.EventTypes(accredited.Id)).Count(t => t == "DelegateCheckedIn"));
    }

    [Fact]
    public async Task a_delegate_not_accredited_revoked_or_withdrawn_cannot_check_in()
    {
        var organiser = await app.Host.Organiser();
        var assembly = await app.Host.AnAssembly();
        var registered = await app.Host.ARegisteredDelegate(assembly);
        Assert.Equal(409, (await app.Host.CheckIn(registered.Id, Morning)).Status);

        var revoked = await app.Host.AnAccreditedDelegate(assembly);
        await app.Host.Post($"/api/delegates/{revoked.Id}/revocation", new { reason = "Conduct" }, organiser);
        Assert.Equal(409, (await app.Host.CheckIn(revoked.Id, Morning)).Status);

        var withdrawn = await app.Host.AnAccreditedDelegate(assembly);
        await app.Host.Post($"/api/delegates/{withdrawn.Id}/withdrawal", null, organiser);
        var refused = await app.Host.CheckIn(withdrawn.Id, Morning);
        Assert.Equal(409, refused.Status);
        Assert.Contains("withdrawn", refused.Get<string>("detail"));
    }

    [Fact]
    public async Task only_organisers_scan_and_scans_must_be_complete()
    {
        var accredited = await app.Host.AnAccreditedDelegate(await app.Host.AnAssembly());
        var self = await app.Host.SignInAsDelegate(accredited);
        var body = new { station = "Puerta 1", scannedAt = Morning, scanId = "s" };
        Assert.Equal(403, (await app.Host.Post($"/api/delegates/{accredited.Id}/check-ins", body, self)).Status);
        Assert.Equal(401, (await app.Host.Post($"/api/delegates/{accredited.Id}/check-ins", body)).Status);

        var organiser = await app.Host.Organiser();
        var incomplete = await app.Host.Post($"/api/delegates/{accredited.Id}/check-ins", new { station = "", scanId = "" }, organiser);
        Assert.Equal(400, incomplete.Status);
        Assert.Equal(["scanId", "scannedAt", "station"], incomplete.Body!["errors"]!.AsObject().Select(e => e.Key).Order());

        var future = await app.Host.CheckIn(accredited.Id, DateTimeOffset.UtcNow.AddHours(2));
        Assert.Equal(400, future.Status);
        Assert.NotNull(future.Body!["errors"]!["scannedAt"]);
        Assert.Equal(404, (await app.Host.CheckIn(Guid.CreateVersion7(), Morning)).Status);
    }
}
