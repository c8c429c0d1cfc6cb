using Alba.Coordination.Accounts;
using Alba.Coordination.Infrastructure;
using Alba.Coordination.Infrastructure.Auth;
using Alba.Coordination.Live;
using Alba.Coordination.Movements;
using Alba.Coordination.Statements;
using Alba.Coordination.Tests.Support;
using Microsoft.Extensions.Configuration;

namespace Alba.Coordination.Tests.Foundation;

public class invitation_checks
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void an_open_invitation_may_be_accepted() =>
        Assert.True(Problems.IsOk(AcceptInvitationEndpoint.CheckAcceptable(new Invitation { Id = "h", ExpiresAt = Now.AddDays(1) }, Now)));

    [Fact]
    public void a_used_invitation_is_a_conflict() =>
        Assert.Equal(409, AcceptInvitationEndpoint.CheckAcceptable(new Invitation { Id = "h", ExpiresAt = Now.AddDays(1), AcceptedAt = Now.AddHours(-1) }, Now).Status);

    [Fact]
    public void an_expired_invitation_is_gone() =>
        Assert.Equal(410, AcceptInvitationEndpoint.CheckAcceptable(new Invitation { Id = "h", ExpiresAt = Now }, Now).Status);
}

public class movement_decisions
{
    [Fact]
    public void registering_records_the_trimmed_movement_with_actor_and_time()
    {
        var id = Guid.CreateVersion7();
        var actor = new Actor(Guid.CreateVersion7(), Roles.Organiser, null, null);
        var at = DateTimeOffset.UtcNow;
        var registered = RegisterMovementEndpoint.Decide(new RegisterMovement("  MST ", "BR", " South America ", "peasant "), id, actor, at);
        Assert.Equal([new MovementRegistered(id, "MST", "BR", "South America", "peasant", actor.Id, at)], registered.Events);
    }

    [Fact]
    public void appointing_records_the_representative_on_the_movement_with_actor_and_time()
    {
        var movement = MovementState.Create(new MovementRegistered(Guid.CreateVersion7(), "MST", "BR", "r", "s", Guid.CreateVersion7(), DateTimeOffset.UtcNow));
        var representative = Guid.CreateVersion7();
        var actor = new Actor(Guid.CreateVersion7(), Roles.Organiser, null, null);
        var at = DateTimeOffset.UtcNow;
        Assert.Equal([new RepresentativeAppointed(movement.Id, representative, actor.Id, at)],
            AppointRepresentativeEndpoint.Decide(movement, representative, actor, at).Events);
    }

    [Theory]
    [InlineData("AR", true)]
    [InlineData("VE", true)]
    [InlineData("ar", false)]
    [InlineData("XX", false)]
    [InlineData("ARG", false)]
    [InlineData("", false)]
    public void countries_are_iso_alpha_2(string code, bool valid) => Assert.Equal(valid, Countries.IsIsoAlpha2(code));

    [Fact]
    public void validation_collects_every_field_error()
    {
        var problem = RegisterMovementEndpoint.Validate(new RegisterMovement("", "XX", "", new string('s', 101)));
        var errors = Assert.IsType<Dictionary<string, string[]>>(problem.Extensions["errors"]);
        Assert.Equal(["country", "name", "region", "sector"], errors.Keys.Order());
    }
}

public class live_group_access
{
    private static readonly Guid Id = Guid.CreateVersion7();

    private static Task<string?> Refusal(string group, Actor? actor, StatementView? statement = null) =>
        LiveGroupAccess.Refusal(group, actor, id => Task.FromResult(statement?.Id == id ? statement : null));

    [Theory]
    [InlineData("assembly")]
    [InlineData("session")]
    [InlineData("mobilisation")]
    public async Task public_groups_need_no_token(string kind) => Assert.Null(await Refusal($"{kind}:{Id}", null));

    [Fact]
    public async Task a_statement_is_followed_by_those_who_may_read_it()
    {
        var draft = new StatementView { Id = Id, Status = StatementStatus.Draft, InvolvedMovementIds = [Id] };
        Assert.Contains("access token", await Refusal(LiveGroups.Statement(Id), null, draft));
        Assert.NotNull(await Refusal(LiveGroups.Statement(Id), new Actor(Guid.CreateVersion7(), Roles.Representative, Guid.CreateVersion7(), null), draft));
        Assert.Null(await Refusal(LiveGroups.Statement(Id), new Actor(Guid.CreateVersion7(), Roles.Representative, Id, null), draft));
        Assert.Null(await Refusal(LiveGroups.Statement(Id), null, new StatementView { Id = Id, Status = StatementStatus.Published }));
        Assert.NotNull(await Refusal(LiveGroups.Statement(Id), null));
    }

    [Fact]
    public async Task private_groups_need_a_token() => Assert.Contains("access token", await Refusal(LiveGroups.Movement(Id), null));

    [Fact]
    public async Task a_representative_follows_only_its_own_movement_and_no_assembly_registrations()
    {
        var rep = new Actor(Guid.CreateVersion7(), Roles.Representative, Id, null);
        Assert.Null(await Refusal(LiveGroups.Movement(Id), rep));
        Assert.Contains("may not follow", await Refusal(LiveGroups.Movement(Guid.CreateVersion7()), rep));
        Assert.Contains("may not follow", await Refusal(LiveGroups.Registrations(Guid.CreateVersion7()), rep));
        Assert.Null(await Refusal(LiveGroups.Registrations(Guid.CreateVersion7()), new Actor(Guid.CreateVersion7(), Roles.Organiser, null, null)));
    }

    [Fact]
    public async Task a_delegate_follows_only_itself()
    {
        var delegateActor = new Actor(Id, Roles.Delegate, null, Id);
        Assert.Null(await Refusal(LiveGroups.Delegate(Id), delegateActor));
        Assert.Contains("may not follow", await Refusal(LiveGroups.Delegate(Guid.CreateVersion7()), delegateActor));
    }

    [Theory]
    [InlineData("assembly:not-a-guid")]
    [InlineData("secret:0190a8f0-0000-7000-8000-000000000000")]
    [InlineData("assembly")]
    public async Task malformed_groups_are_unknown(string group) => Assert.Contains("not a live group", await Refusal(group, null));

    [Fact]
    public async Task an_appointment_is_pushed_to_its_movement_only_with_position_and_version()
    {
        var live = new CapturingLivePublisher();
        var at = DateTimeOffset.UtcNow;
        var representative = Guid.CreateVersion7();
        var appointed = new JasperFx.Events.Event<RepresentativeAppointed>(new(Id, representative, Guid.Empty, at))
        {
            StreamId = Id, Version = 2, Sequence = 42, Timestamp = at,
        };
        await MovementPushes.Handle(appointed, live, CancellationToken.None);
        Assert.Equal([new LiveUpdate(LiveGroups.Movement(Id), "RepresentativeAppointed", Id, 2, 42, 0, at, new RepresentativePush(Id, representative))],
            live.Updates);
    }
}

public class login_throttle
{
    [Fact]
    public void failures_beyond_the_budget_block_with_a_retry_time()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Alba:Login:FailuresPerWindow"] = "2", ["Alba:Login:WindowSeconds"] = "60",
        }).Build();
        using var throttle = new LoginThrottle(configuration, TimeProvider.System);
        Assert.Null(throttle.Blocked("a@x.org"));
        throttle.RecordFailure("a@x.org");
        throttle.RecordFailure("a@x.org");
        var wait = throttle.Blocked("a@x.org");
        Assert.NotNull(wait);
        Assert.InRange(wait.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
        Assert.Null(throttle.Blocked("b@x.org"));
    }
}

public class one_time_codes
{
    [Fact]
    public void codes_are_random_and_hashes_ignore_typing_differences()
    {
        var code = Secrets.NewCode();
        Assert.Equal(20, code.Length);
        Assert.NotEqual(code, Secrets.NewCode());
        Assert.Equal(Secrets.Hash(code), Secrets.Hash($" {code[..5].ToLowerInvariant()}-{code[5..]} "));
        Assert.NotEqual(Secrets.Hash(code), Secrets.Hash(Secrets.NewCode()));
    }
}
