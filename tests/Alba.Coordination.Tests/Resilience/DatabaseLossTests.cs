using System.Diagnostics;
using Alba.Coordination.Tests.Support;

namespace Alba.Coordination.Tests.Resilience;

[Collection(FaultsCollection.Name)]
public class when_the_database_is_lost(FaultsFixture faults)
{
    [Fact]
    public async Task reads_and_writes_answer_503_with_retry_after_quickly_and_work_again_once_it_is_back()
    {
        var organiser = await faults.Host.Organiser();
        Assert.Equal(200, (await faults.Host.Get("/api/movements")).Status);

        await faults.Proxy.Cut();
        try
        {
            var clock = Stopwatch.StartNew();
            var read = await faults.Host.Get("/api/movements");
            var readTook = clock.Elapsed;
            clock.Restart();
            var write = await faults.Host.Post("/api/movements", new { name = Scenarios.Unique("Movimiento"), country = "AR", region = "r", sector = "s" },
                organiser);
            var writeTook = clock.Elapsed;

            Assert.Equal(503, read.Status);
            Assert.Equal(TimeSpan.FromSeconds(2), read.Response.Headers.RetryAfter?.Delta);
            Assert.Equal("The database cannot be reached right now; try again in a few seconds.", read.Body!["detail"]!.GetValue<string>());
            Assert.Equal(503, write.Status);
            Assert.Equal(TimeSpan.FromSeconds(2), write.Response.Headers.RetryAfter?.Delta);
            Assert.Contains("nothing was saved", write.Body!["detail"]!.GetValue<string>());
            Assert.True(readTook < TimeSpan.FromSeconds(3), $"the read took {readTook.TotalMilliseconds:F0} ms");
            Assert.True(writeTook < TimeSpan.FromSeconds(3), $"the write took {writeTook.TotalMilliseconds:F0} ms (the read {readTook.TotalMilliseconds:F0} ms): {write.Body}");
            Assert.Equal(503, (await faults.Host.Get("/health")).Status);
        }
        finally
        {
            faults.Proxy.Restore();
        }

        var recovery = Stopwatch.StartNew();
        while ((await faults.Host.Get("/api/movements")).Status != 200)
        {
            Assert.True(recovery.Elapsed < TimeSpan.FromSeconds(10), "no recovery within 10 s");
            await Task.Delay(50);
        }
        Assert.Equal(201, (await faults.Host.Post("/api/movements",
            new { name = Scenarios.Unique("Movimiento"), country = "AR", region = "r", sector = "s" }, organiser)).Status);
    }
}
