using Alba.Coordination.Accounts;
using Alba.Coordination.Infrastructure;
using Alba.Coordination.Infrastructure.Auth;
using Alba.Coordination.Movements;
using Microsoft.Extensions.Configuration;

namespace Alba.Coordination.Tests.Security;

public class Access_withdrawal_decisions
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
    private static readonly Actor Organiser = new(Guid.CreateVersion7(), Roles.Organiser, null, null);
    private static readonly MovementState Movement = new(Guid.CreateVersion7());

    private static Account Representative(Guid movementId, DateTimeOffset? deactivatedAt = null) => new()
    {
        Id = Guid.CreateVersion7(), Sealed = "", Role = Roles.Representative, MovementId = movementId,
        DeactivatedAt = deactivatedAt,
    };

    [Fact]
    public void a_representative_of_the_movement_is_withdrawn_once()
    {
        var account = Representative(Movement.Id);
        var decision = WithdrawRepresentativeEndpoint.Decide(Movement, account.Id, account, Organiser, Now);
        Assert.Equal([new RepresentativeWithdrawn(Movement.Id, account.Id, Organiser.Id, Now)], decision.Events);

        var again = Representative(Movement.Id, deactivatedAt: Now);
        Assert.Same(Decision.Nothing, WithdrawRepresentativeEndpoint.Decide(Movement, again.Id, again, Organiser, Now));
    }

    [Fact]
    public void an_unknown_account_another_movements_representative_or_an_organiser_is_404()
    {
        var elsewhere = Representative(Guid.CreateVersion7());
        var organiser = new Account { Id = Guid.CreateVersion7(), Sealed = "", Role = Roles.Organiser, MovementId = Movement.Id };
        foreach (var (id, account) in new[] { (Guid.CreateVersion7(), (Account?)null), (elsewhere.Id, elsewhere), (organiser.Id, organiser) })
            Assert.Equal(404, WithdrawRepresentativeEndpoint.Decide(Movement, id, account, Organiser, Now).Refusal?.Status);
    }

    [Fact]
    public void an_organiser_may_not_deactivate_its_own_account()
    {
        var own = new Account { Id = Organiser.Id, Sealed = "", Role = Roles.Organiser };
        Assert.Equal(409, DeactivateAccountEndpoint.CheckDeactivatable(own, Organiser).Status);
        Assert.True(Problems.IsOk(DeactivateAccountEndpoint.CheckDeactivatable(Representative(Movement.Id), Organiser)));
    }

    [Fact]
    public void ending_an_accounts_access_changes_its_stamp()
    {
        var account = Representative(Movement.Id);
        account.Stamp = Secrets.NewStamp();
        var before = account.Stamp;
        account.EndAccess(Now);
        Assert.NotEqual(before, account.Stamp);
        Assert.False(account.IsActive);
    }
}

public class Access_login_throttle
{
    private sealed class Clock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;
        public override DateTimeOffset GetUtcNow() => Now;
    }

    [Fact]
    public void each_failure_beyond_the_free_ones_doubles_the_wait_and_a_success_forgets()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Alba:Login:FailuresPerWindow"] = "2", ["Alba:Login:FirstDelaySeconds"] = "2", ["Alba:Login:MaxDelaySeconds"] = "7",
        }).Build();
        var clock = new Clock(new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero));
        using var throttle = new LoginThrottle(configuration, clock);
        const string key = "password:a@x.org|2001:db8::1";

        throttle.RecordFailure(key);
        Assert.Null(throttle.Blocked(key));
        var waits = new List<TimeSpan?>();
        for (var i = 0; i < 3; i++)
        {
            throttle.RecordFailure(key);
            waits.Add(throttle.Blocked(key));
            clock.Now += waits[^1]!.Value;
        }

        Assert.Equal([TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(7)], waits);
        Assert.Null(throttle.Blocked("password:a@x.org|2001:db8::2"));
        throttle.RecordFailure(key);
        throttle.Succeeded(key);
        Assert.Null(throttle.Blocked(key));
    }
}
