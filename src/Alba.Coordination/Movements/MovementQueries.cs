using Alba.Coordination.Live;

namespace Alba.Coordination.Movements;

public sealed record MovementSummary(Guid Id, string Name, string Country, string Region, string Sector, DateTimeOffset RegisteredAt, int Representatives)
{
    public static MovementSummary From(MovementView v) => new(v.Id, v.Name, v.Country, v.Region, v.Sector, v.RegisteredAt, v.RepresentativeIds.Count);
}

public static class MovementQueries
{
    [WolverineGet("/api/movements", Name = "ListMovements")]
    [LiveGroup(LiveGroups.Movements)]
    public static async Task<IReadOnlyList<MovementSummary>> List(IQuerySession session, string? country)
    {
        var query = session.Query<MovementView>().AsQueryable();
        if (!string.IsNullOrWhiteSpace(country)) query = query.Where(m => m.Country == country);
        var views = await query.OrderBy(m => m.Name).ToListAsync();
        return views.Select(MovementSummary.From).ToList();
    }

    [WolverineGet("/api/movements/{id}", Name = "GetMovement")]
    public static async Task<IResult> Get(Guid id, IQuerySession session) =>
        await session.LoadAsync<MovementView>(id) is { } view
            ? Results.Ok(MovementSummary.From(view))
            : Results.Problem(Problems.NotFound($"No movement has id {id}."));
}
