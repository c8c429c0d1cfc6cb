using Alba.Coordination.Infrastructure;
using Marten;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Alba.Coordination.Tests.Foundation;

public class the_health_check
{
    [Fact]
    public async Task is_unhealthy_when_postgresql_does_not_answer()
    {
        // Port 9 (discard) on loopback: nothing answers PostgreSQL there.
        await using var store = DocumentStore.For("Host=127.0.0.1;Port=9;Database=none;Username=none;Password=none;Timeout=2");
        var result = await new DatabaseHealthCheck(store).CheckHealthAsync(new HealthCheckContext());
        Assert.Equal(HealthStatus.Unhealthy, result.Status);
    }
}
