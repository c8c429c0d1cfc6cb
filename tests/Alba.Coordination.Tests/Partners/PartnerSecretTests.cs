using System.Text.RegularExpressions;
using Alba.Coordination.Tests.Privacy;
using Alba.Coordination.Tests.Support;

namespace Alba.Coordination.Tests.Partners;

/// <summary>
/// A partner's signing secret is answered once and kept only protected by Data Protection, whose keys live outside the
/// database: no table (the partner, the idempotency record of its registration, Wolverine's envelopes) and no log line holds it.
/// </summary>
[Collection(PrivacyCollection.Name)]
public sealed class a_partners_signing_secret(PrivacyFixture fixture)
{
    [Fact]
    public async Task is_shown_once_and_stored_nowhere_in_clear()
    {
        var organiser = await fixture.Host.Organiser();
        var registered = await fixture.Host.Post("/api/partners",
            new { name = Scenarios.Unique("Radio"), url = "http://127.0.0.1:9/hook", kinds = new[] { "VoteClosed" } }, organiser,
            idempotencyKey: Guid.NewGuid().ToString());
        Assert.Equal(201, registered.Status);
        var secret = registered.Get<string>("secret");
        Assert.StartsWith("whsec_", secret);
        // The longest run of letters and digits: JSON escaping may write a base64 '+' or '/' otherwise.
        var key = Regex.Matches(secret["whsec_".Length..], "[A-Za-z0-9]+").MaxBy(run => run.Length)!.Value;
        Assert.True(key.Length >= 8, $"the secret {secret} has no run of 8 letters or digits to look for");

        Assert.Empty(await fixture.TablesHolding(key));
        Assert.DoesNotContain(fixture.Logs.Lines, line => line.Contains(key, StringComparison.Ordinal));
        var listed = await fixture.Host.Get("/api/partners", organiser);
        Assert.DoesNotContain(key, listed.Body!.ToJsonString(), StringComparison.Ordinal);
    }
}
