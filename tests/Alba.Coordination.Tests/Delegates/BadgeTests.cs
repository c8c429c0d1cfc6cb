using Alba.Coordination.Tests.Support;
using SkiaSharp;

namespace Alba.Coordination.Tests.Delegates;

[Collection(AppCollection.Name)]
public class printing_a_badge(AppFixture app)
{
    private async Task<HttpResponseMessage> Badge(Guid delegateId, Caller caller, string? code)
    {
        using var client = app.Host.Client(caller);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/delegates/{delegateId}/badge");
        if (code is not null) request.Headers.Add("Credential-Code", code);
        return await client.SendAsync(request);
    }

    [Fact]
    public async Task the_badge_is_a_png_whose_qr_code_is_the_credential_that_signs_in()
    {
        var accredited = await app.Host.AnAccreditedDelegate(await app.Host.AnAssembly());
        using var response = await Badge(accredited.Id, await app.Host.Organiser(), accredited.CredentialCode);
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType!.MediaType);
        var png = await response.Content.ReadAsByteArrayAsync();

        using (var bitmap = SKBitmap.Decode(png))
        {
            Assert.Equal(640, bitmap.Width);
            Assert.Equal(1010, bitmap.Height);
        }
        var scanned = BadgeScanner.Read(png);
        Assert.Equal(accredited.CredentialCode, scanned);
        Assert.Equal(200, (await app.Host.CredentialLogin(scanned!)).Status);
    }

    [Fact]
    public async Task the_delegate_and_its_representative_print_it_with_the_current_code_only()
    {
        var organiser = await app.Host.Organiser();
        var assembly = await app.Host.AnAssembly();
        var accredited = await app.Host.AnAccreditedDelegate(assembly);
        var self = await app.Host.SignInAsDelegate(accredited);
        var rep = await app.Host.ARepresentativeOf(accredited.MovementId);
        Assert.Equal(200, (int)(await Badge(accredited.Id, self, accredited.CredentialCode)).StatusCode);
        Assert.Equal(200, (int)(await Badge(accredited.Id, rep, accredited.CredentialCode)).StatusCode);
        Assert.Equal(403, (int)(await Badge(accredited.Id, await app.Host.ARepresentativeOf(await app.Host.AMovement()), accredited.CredentialCode)).StatusCode);
        Assert.Equal(401, (int)(await Badge(accredited.Id, Caller.Anonymous, accredited.CredentialCode)).StatusCode);

        Assert.Equal(400, (int)(await Badge(accredited.Id, organiser, null)).StatusCode);
        var fresh = (await app.Host.Post($"/api/delegates/{accredited.Id}/credential", null, organiser)).Get<string>("credentialCode");
        var stale = await Badge(accredited.Id, organiser, accredited.CredentialCode);
        Assert.Equal(400, (int)stale.StatusCode);
        Assert.Equal("application/problem+json", stale.Content.Headers.ContentType!.MediaType);
        Assert.Equal(fresh, BadgeScanner.Read(await (await Badge(accredited.Id, organiser, fresh)).Content.ReadAsByteArrayAsync()));

        var other = await app.Host.AnAccreditedDelegate(assembly);
        Assert.Equal(400, (int)(await Badge(accredited.Id, organiser, other.CredentialCode)).StatusCode);
        var registered = await app.Host.ARegisteredDelegate(assembly);
        Assert.Equal(409, (int)(await Badge(registered.Id, organiser, fresh)).StatusCode);
    }
}
