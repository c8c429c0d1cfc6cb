namespace Alba.Coordination.Web;

/// <summary>
/// The one web app (wwwroot): index.html is served at every page's address and its router
/// (wwwroot/js/routes.js) renders the page. Keep both lists in step.
/// </summary>
public static class Pages
{
    private static readonly string[] Addresses =
    [
        "/signin",
        "/{page:regex(^(assemblies|sessions|statements|mobilisations)$)}/{id:guid}",
        "/sessions/{id:guid}/projector",
        "/motions/{id:guid}/verify",
        "/tellers",
        "/statements/{id:guid}/verify",
        "/console/{**rest}",
        "/movement/{**rest}",
    ];

    public static void MapPages(this WebApplication app)
    {
        foreach (var address in Addresses) app.MapFallbackToFile(address, "index.html");
    }
}
