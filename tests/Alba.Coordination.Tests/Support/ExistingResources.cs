using Alba;
using Alba.Coordination.Tests.Delegates;
using Alba.Coordination.Tests.Mobilisations;
using Alba.Coordination.Tests.Sessions;
using Alba.Coordination.Tests.Statements;

namespace Alba.Coordination.Tests.Support;

public static class ExistingResources
{
    /// <summary>
    /// One live resource of each kind, by the first segment of its routes (<c>/api/{collection}/{id}</c>), so requests
    /// also reach the checks behind the 404s.
    /// </summary>
    public static async Task<Dictionary<string, string>> OneOfEachCollection(this IAlbaHost host)
    {
        var assembly = await host.AnAssembly();
        var delegateId = (await host.AnAccreditedDelegate(assembly)).Id;
        var session = await host.AnOpenSession(assembly);
        var motion = await host.AMotion(session);
        var statement = await host.AnOpenStatement(await host.AParty());
        var convener = await host.AMovementWithRep();
        var call = await host.ACall(convener.Id);
        var action = await host.AnAction(call, convener);
        return new Dictionary<string, string>
        {
            ["movements"] = convener.Id.ToString(), ["assemblies"] = assembly.ToString(), ["delegates"] = delegateId.ToString(),
            ["sessions"] = session.ToString(), ["motions"] = motion.ToString(), ["statements"] = statement.ToString(),
            ["mobilisations"] = call.ToString(), ["actions"] = action.ToString(),
        };
    }
}
