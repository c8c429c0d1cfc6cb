using Alba.Coordination.Tests.Delegates;
using Alba.Coordination.Tests.Sessions;
using Alba.Coordination.Tests.Support;

namespace Alba.Coordination.Tests.Security;

/// <summary>
/// "A delegate acting for another delegate: 403" (SPEC, who uses it). The authorisation matrix has one delegate, acting
/// for itself; here a second delegate of the same assembly and movement calls each route that names a delegate, and is
/// refused with the reason, while the delegate itself is let through.
/// </summary>
[Collection(AppCollection.Name)]
public class a_delegate_acting_for_another(AppFixture app)
{
    public static TheoryData<string, string, string> Routes() => new()
    {
        { "GET", "/api/delegates/{delegate}", "Only organisers, the delegate's representative or the delegate itself may see this." },
        { "GET", "/api/delegates/{delegate}/history", "Only organisers, the delegate's representative or the delegate itself may see this." },
        { "GET", "/api/delegates/{delegate}/badge", "Only organisers, the delegate's representative or the delegate itself may print its badge." },
        { "POST", "/api/delegates/{delegate}/withdrawal", "Only the delegate, its movement's representative or an organiser may withdraw it." },
        { "POST", "/api/sessions/{session}/speakers", "A delegate may ask for the floor only for itself." },
        { "DELETE", "/api/sessions/{session}/speakers/{delegate}", "Only the delegate itself or an organiser may withdraw a request for the floor." },
    };

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task is_refused_with_the_reason(string method, string route, string detail)
    {
        var assembly = await app.Host.AnAssembly();
        var movement = await app.Host.AMovement();
        var owner = await app.Host.AnAccreditedDelegate(assembly, movement);
        await app.Host.CheckIn(owner.Id, DateTimeOffset.UtcNow.AddMinutes(-5));
        var other = await app.Host.AnAccreditedDelegate(assembly, movement);
        await app.Host.CheckIn(other.Id, DateTimeOffset.UtcNow.AddMinutes(-5));
        var session = await app.Host.AnOpenSession(assembly);
        var url = route.Replace("{delegate}", owner.Id.ToString()).Replace("{session}", session.ToString());
        var body = route.EndsWith("/speakers", StringComparison.Ordinal) ? new { delegateId = owner.Id } : null;

        var refused = await app.Host.Send(new HttpMethod(method), url, body, await app.Host.SignInAsDelegate(other), null);
        Assert.Equal((403, "application/problem+json", detail), (refused.Status, refused.ContentType, refused.Body?["detail"]?.GetValue<string>()));
        var itself = await app.Host.Send(new HttpMethod(method), url, body, await app.Host.SignInAsDelegate(owner), null);
        // Let through, as the matrix's "ok": any answer but 401, 403 or a 5xx (the badge wants its code, the floor request may not exist).
        Assert.True(itself.Status is not (401 or 403) and < 500, $"{method} {url} as the delegate itself: {itself.Status} {itself.Body?.ToJsonString()}");
    }
}
