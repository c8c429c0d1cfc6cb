using Marten.Services.BatchQuerying;

namespace Alba.Coordination.Delegates;

/// <summary>What an assembly has given away, read under the assembly's stream lock by the commands that decide on it.</summary>
public static class Places
{
    /// <summary>Places taken in the assembly, and those of the movement's delegation (role delegate only: the quota's count).</summary>
    public static async Task<PlacesTaken> Taken(IQuerySession session, Guid assemblyId, Guid movementId)
    {
        var places = Holding(session, assemblyId);
        return new PlacesTaken(await places.CountAsync(),
            await places.CountAsync(d => d.MovementId == movementId && d.Role == DelegateRoles.Delegate));
    }

    /// <summary>
    /// The same counts for a group commit of registrations, queued in its round trip: the assembly's places, and the
    /// delegation of each of <paramref name="movementIds"/>.
    /// </summary>
    public static (Task<long> Total, Dictionary<Guid, Task<long>> Delegations) Taken(IBatchedQuery batch, Guid assemblyId, IEnumerable<Guid> movementIds)
    {
        IBatchedQueryable<DelegateView> Holding() => batch.Query<DelegateView>().Where(d => d.AssemblyId == assemblyId).Where(Attendance.HoldingPlace);
        return (Holding().Count(), movementIds.ToDictionary(m => m, m => Holding().Count(d => d.MovementId == m && d.Role == DelegateRoles.Delegate)));
    }

    /// <summary>Places taken in the assembly, and the largest movement delegation (role delegate).</summary>
    public static async Task<PlacesGiven> Given(IQuerySession session, Guid assemblyId)
    {
        var holding = await Holding(session, assemblyId).Select(d => new { d.MovementId, d.Role }).ToListAsync();
        var largest = holding.Where(d => d.Role == DelegateRoles.Delegate).GroupBy(d => d.MovementId).Select(g => g.Count()).DefaultIfEmpty(0).Max();
        return new PlacesGiven(holding.Count, largest);
    }

    private static IQueryable<DelegateView> Holding(IQuerySession session, Guid assemblyId) =>
        session.Query<DelegateView>().Where(d => d.AssemblyId == assemblyId).Where(Attendance.HoldingPlace);
}
