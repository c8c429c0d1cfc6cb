namespace Alba.Coordination.Web;

/// <summary>The live pages for followers and delegates: one static app, served for each page's address.</summary>
public static class Pages
{
    public static void MapPages(this WebApplication app) =>
        app.MapFallbackToFile("/{page:regex(^(assemblies|sessions|statements|mobilisations)$)}/{id:guid}", "index.html");
}
