using Alba.Coordination.Delegates;
using Alba.Coordination.Tests.Delegates;
using Alba.Coordination.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Alba.Coordination.Tests.Privacy;

/// <summary>
/// The e-mail's blind index is scoped by assembly: it refuses a second registration of an e-mail in one assembly, and the
/// same person registered in two assemblies has two unrelated index values, so the index does not link them.
/// </summary>
[Collection(PrivacyCollection.Name)]
public sealed class the_email_index(PrivacyFixture fixture)
{
    [Fact]
    public async Task refuses_an_email_twice_in_one_assembly_and_does_not_link_two_assemblies()
    {
        var host = fixture.Host;
        var organiser = await host.Organiser();
        var movement = await host.AMovement();
        var (first, second) = (await host.AnAssembly(), await host.AnAssembly());
        var email = Scenarios.UniqueEmail("berta");

        var inFirst = await host.Register(first, DelegatesScenarios.RegistrationBody(movement, email: email), organiser);
        var inSecond = await host.Register(second, DelegatesScenarios.RegistrationBody(movement, email: email.ToUpperInvariant()), organiser);
        var again = await host.Register(first, DelegatesScenarios.RegistrationBody(movement, email: email.ToUpperInvariant()), organiser);
        Assert.Equal(201, inFirst.Status);
        Assert.Equal(201, inSecond.Status);
        Assert.Equal(409, again.Status);
        Assert.Equal("This e-mail is already registered for this assembly.", again.Get<string>("detail"));

        await using var session = host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var indexes = await session.LoadManyAsync<DelegatePerson>(inFirst.Id("delegateId"), inSecond.Id("delegateId"));
        Assert.Equal(2, indexes.Count);
        Assert.All(indexes, person => Assert.False(string.IsNullOrEmpty(person.EmailIndex)));
        Assert.NotEqual(indexes[0].EmailIndex, indexes[1].EmailIndex);
        Assert.Empty(await fixture.TablesHolding(email));
    }
}
