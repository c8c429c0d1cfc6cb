using Alba.Coordination.Statements;
using Alba.Coordination.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Alba.Coordination.Tests.Statements;

[Collection(AppCollection.Name)]
public class rebuilding_the_statement_projection(AppFixture app)
{
    [Fact]
    public async Task gives_the_same_views_as_the_live_projection()
    {
        var organiser = await app.Host.Organiser();
        var (a, b, c) = (await app.Host.AParty(), await app.Host.AParty(), await app.Host.AParty());

        var published = await app.Host.AnOpenStatement(a);
        Assert.Equal(201, (await app.Host.Sign(published, b, 1)).Status);
        Assert.Equal(201, (await app.Host.Revise(published, a.Rep, 1, "Texto dos.", note: "Cifras")).Status);
        Assert.Equal(201, (await app.Host.Sign(published, c, 2)).Status);
        Assert.Equal(201, (await app.Host.Post($"/api/statements/{published}/translations",
            new { language = "pt", title = "Título", body = "Texto", sourceRevision = 1 }, a.Rep)).Status);
        Assert.Equal(200, (await app.Host.Publish(published, organiser)).Status);

        var open = await app.Host.AnOpenStatement(b);
        Assert.Equal(201, (await app.Host.Sign(open, a, 1)).Status);
        Assert.Equal(201, (await app.Host.Sign(open, c, 1)).Status);
        Assert.Equal(200, (await app.Host.Delete($"/api/statements/{open}/signatures/{a.MovementId}", a.Rep)).Status);
        var draft = await app.Host.ADraft(c);

        Guid[] ids = [published, open, draft];
        var before = await Snapshot(ids, organiser);

        var store = app.Host.Services.GetRequiredService<IDocumentStore>();
        using (var daemon = await store.BuildProjectionDaemonAsync())
        {
            await daemon.RebuildProjectionAsync<StatementViewProjection>(CancellationToken.None);
        }

        Assert.Equal(before, await Snapshot(ids, organiser));
    }

    private async Task<List<string>> Snapshot(Guid[] ids, Caller organiser)
    {
        var views = new List<string>();
        foreach (var id in ids) views.Add((await app.Host.Statement(id, organiser)).ToJsonString());
        var list = await app.Host.Get("/api/statements", organiser);
        views.AddRange(list.Body!.AsArray().Where(s => ids.Contains(Guid.Parse(s!["id"]!.GetValue<string>()))).Select(s => s!.ToJsonString()));
        Assert.Equal(ids.Length * 2, views.Count);
        return views;
    }
}
