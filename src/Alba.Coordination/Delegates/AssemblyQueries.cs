using Alba.Coordination.Infrastructure;
using Alba.Coordination.Live;
using Alba.Coordination.Movements;
using Marten;
using Wolverine.Http;

namespace Alba.Coordination.Delegates;

public sealed record AssemblySummary(Guid Id, string Title, string City, string Country, DateOnly OpensOn, DateOnly ClosesOn,
    int Capacity, int DelegatesPerMovement, RegistrationStatus Registration, DateTimeOffset ConvenedAt, DateTimeOffset? PersonalDataRetainedUntil)
{
    public static AssemblySummary From(AssemblyView v) =>
        new(v.Id, v.Title, v.City, v.Country, v.OpensOn, v.ClosesOn, v.Capacity, v.DelegatesPerMovement, v.Registration, v.ConvenedAt,
            v.PersonalDataRetainedUntil);
}

public static class AssemblyQueries
{
    [WolverineGet("/api/assemblies", Name = "ListAssemblies")]
    public static async Task<IReadOnlyList<AssemblySummary>> List(IQuerySession session)
    {
        var views = await session.Query<AssemblyView>().OrderByDescending(a => a.OpensOn).ThenBy(a => a.Title).ToListAsync();
        return views.Select(AssemblySummary.From).ToList();
    }

    [WolverineGet("/api/assemblies/{id}", Name = "GetAssembly")]
    [LiveGroup("assembly:{id}")]
    public static async Task<IResult> Get(Guid id, IQuerySession session) =>
        await session.LoadAsync<AssemblyView>(id) is { } view
            ? Results.Ok(AssemblySummary.From(view))
            : Results.Problem(Problems.NotFound($"No assembly has id {id}."));

    /// <summary>Counted from the inline delegate views on every read, so it is exact whenever it is asked.</summary>
    [WolverineGet("/api/assemblies/{id}/attendance", Name = "GetAttendance")]
    [LiveGroup("assembly:{id}")]
    public static async Task<IResult> Attendance(Guid id, IQuerySession session)
    {
        if (await session.LoadAsync<AssemblyView>(id) is null) return Results.Problem(Problems.NotFound($"No assembly has id {id}."));
        var delegates = await session.Query<DelegateView>().Where(d => d.AssemblyId == id).ToListAsync();
        var movements = await session.LoadManyAsync<MovementView>(delegates.Select(d => d.MovementId).Distinct());
        return Results.Ok(Delegates.Attendance.Count(id, delegates, movements.ToDictionary(m => m.Id, m => m.Name)));
    }
}
