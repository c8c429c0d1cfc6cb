using Alba.Coordination.Infrastructure;
using Alba.Coordination.Delegates;
using Alba.Coordination.Infrastructure.Auth;
using Alba.Coordination.Sessions;
using Alba.Coordination.Sessions.Ballots;

namespace Alba.Coordination.Tests.Sessions;

/// <summary>Write models built by folding events, as the endpoints receive them; read models through their projections.</summary>
internal static class States
{
    public static readonly DateTimeOffset Now = new(2026, 11, 28, 15, 0, 0, TimeSpan.Zero);
    public static readonly Guid AssemblyId = Guid.CreateVersion7();
    public static readonly Actor Chair = new(Guid.CreateVersion7(), Roles.Organiser, null, null);

    public static Actor DelegateActor(Guid delegateId) => new(delegateId, Roles.Delegate, Guid.CreateVersion7(), delegateId);

    public static DelegateView Participant(Guid? id = null, string role = DelegateRoles.Delegate, DelegateStatus status = DelegateStatus.Accredited,
        bool checkedIn = true, Guid? assemblyId = null) => new()
    {
        Id = id ?? Guid.CreateVersion7(), AssemblyId = assemblyId ?? AssemblyId, Role = role, Status = status,
        CheckedInAt = checkedIn ? Now.AddHours(-2) : null,
    };

    private static SessionScheduled Scheduled() => new(Guid.CreateVersion7(), AssemblyId, "Plenaria", SessionKinds.Plenary, Now,
        ["Apertura", "Informe", "Declaración"], Chair.Id, Now.AddDays(-1));

    private static readonly SessionOpened Opened30MinutesAgo = new(Guid.Empty, AssemblyId, Chair.Id, Now.AddMinutes(-30));

    public static SessionState Session(params object[] events) => events.Aggregate(SessionState.Create(Scheduled()), Apply);

    public static SessionState OpenSession(params object[] events) => Session([Opened30MinutesAgo, .. events]);

    /// <summary>The read model of an open session after <paramref name="events"/>.</summary>
    public static SessionView OpenSessionView(params object[] events)
    {
        var view = SessionViewProjection.Create(Scheduled());
        foreach (var e in (object[])[Opened30MinutesAgo, .. events])
        {
            switch (e)
            {
                case SessionOpened x: SessionViewProjection.Apply(x, view); break;
                case FloorGiven x: SessionViewProjection.Apply(x, view); break;
                case SpeakingTurnEnded x: SessionViewProjection.Apply(x, view); break;
                default: throw new ArgumentException($"Not a floor event: {e}");
            }
        }
        return view;
    }

    public static SessionState Apply(SessionState state, object e) => e switch
    {
        SessionOpened x => state.Apply(x),
        SessionAdjourned x => state.Apply(x),
        AgendaItemTaken x => state.Apply(x),
        FloorRequested x => state.Apply(x),
        FloorRequestWithdrawn x => state.Apply(x),
        FloorGiven x => state.Apply(x),
        SpeakingTurnEnded x => state.Apply(x),
        AgendaItemAdded x => state.Apply(x),
        SpeakingTimeSet x => state.Apply(x),
        SessionLanguageSet x => state.Apply(x),
        _ => throw new ArgumentException($"Not a session event: {e}"),
    };

    public static SessionState ApplyAll(SessionState state, Decision decision)
    {
        Assert.False(decision.IsRefused, decision.Refusal?.Detail);
        return decision.Events.Aggregate(state, Apply);
    }

    public static MotionState Motion(params object[] events) =>
        events.Aggregate(MotionState.Create(new MotionTabled(Guid.CreateVersion7(), Guid.CreateVersion7(), AssemblyId, "Moción",
            "Texto original.", Chair.Id, Now.AddHours(-1))), Apply);

    public static MotionState Apply(MotionState state, object e) => e switch
    {
        AmendmentProposed x => state.Apply(x),
        AmendmentAccepted x => state.Apply(x),
        VoteOpened x => state.Apply(x),
        BallotCast x => state.Apply(x),
        VoterParticipated x => state.Apply(x),
        BallotBoardOpened x => state.Apply(x),
        BallotsPosted x => state.Apply(x),
        TallyDecrypted => state,
        VoteClosed x => state.Apply(x),
        _ => throw new ArgumentException($"Not a motion event: {e}"),
    };

    public static MotionState ApplyAll(MotionState state, Decision decision)
    {
        Assert.False(decision.IsRefused, decision.Refusal?.Detail);
        return decision.Events.Aggregate(state, Apply);
    }

    public static VoteOpened Opened(bool secret, string majority = Majorities.Simple, int quorum = 0, params Guid[] eligible) =>
        new(Guid.Empty, Guid.Empty, AssemblyId, secret, majority, quorum, eligible, Chair.Id, Now.AddMinutes(-5));

    public static int? Status(Decision decision) => decision.IsRefused ? decision.Refusal.Status : null;

    /// <summary>A secret vote's key dealt to three tellers, two of whom decrypt.</summary>
    public static readonly (ElectionKey Key, TellerShare[] Shares) Tellers3Of2 = Tellers.Deal(3, 2);

    public static BallotBoardOpened BoardOpened() =>
        new(Guid.Empty, Guid.Empty, Tellers3Of2.Key.PublicKey, Tellers3Of2.Key.Threshold, Tellers3Of2.Key.TellerKeys, Now.AddMinutes(-5));

    /// <summary>A motion under a secret vote of these delegates, its board opened with <see cref="Tellers3Of2"/>.</summary>
    public static MotionState SecretVote(string majority = Majorities.Simple, int quorum = 0, params Guid[] eligible) =>
        Motion(Opened(secret: true, majority, quorum, eligible), BoardOpened());
}

public class session_decisions
{
    [Fact]
    public void a_scheduled_or_adjourned_session_opens_and_an_open_one_does_not()
    {
        var session = States.Session();
        Assert.Equal([new SessionOpened(session.Id, States.AssemblyId, States.Chair.Id, States.Now)],
            OpenSessionEndpoint.Decide(session, States.Chair, States.Now).Events);
        Assert.Equal(409, States.Status(OpenSessionEndpoint.Decide(States.OpenSession(), States.Chair, States.Now)));
        var adjourned = States.OpenSession(new SessionAdjourned(Guid.Empty, States.AssemblyId, States.Chair.Id, States.Now));
        Assert.False(OpenSessionEndpoint.Decide(adjourned, States.Chair, States.Now).IsRefused);
    }

    [Fact]
    public void adjourning_ends_the_current_turn_first_and_waits_for_open_votes()
    {
        var speaker = Guid.CreateVersion7();
        var session = States.OpenSession(new FloorRequested(Guid.Empty, speaker, speaker, States.Now), new FloorGiven(Guid.Empty, speaker, States.Chair.Id, States.Now));
        Assert.Equal([new SpeakingTurnEnded(session.Id, speaker, States.Chair.Id, States.Now), new SessionAdjourned(session.Id, States.AssemblyId, States.Chair.Id, States.Now)],
            AdjournSessionEndpoint.Decide(session, voteOpen: false, States.Chair, States.Now).Events);
        Assert.Equal(409, States.Status(AdjournSessionEndpoint.Decide(session, voteOpen: true, States.Chair, States.Now)));
        Assert.Equal(409, States.Status(AdjournSessionEndpoint.Decide(States.Session(), voteOpen: false, States.Chair, States.Now)));
    }

    [Fact]
    public void the_current_agenda_item_is_an_index_into_the_agenda()
    {
        var session = States.OpenSession();
        Assert.Equal([new AgendaItemTaken(session.Id, States.AssemblyId, 2, "Declaración", States.Chair.Id, States.Now)],
            TakeAgendaItemEndpoint.Decide(session, new TakeAgendaItem(2), States.Chair, States.Now).Events);
        Assert.Equal(400, States.Status(TakeAgendaItemEndpoint.Decide(session, new TakeAgendaItem(3), States.Chair, States.Now)));
        Assert.Equal(409, States.Status(TakeAgendaItemEndpoint.Decide(States.Session(), new TakeAgendaItem(0), States.Chair, States.Now)));
        var onItem = States.OpenSession(new AgendaItemTaken(Guid.Empty, States.AssemblyId, 1, "Informe", States.Chair.Id, States.Now));
        var repeat = TakeAgendaItemEndpoint.Decide(onItem, new TakeAgendaItem(1), States.Chair, States.Now);
        Assert.False(repeat.IsRefused);
        Assert.Empty(repeat.Events);
        Assert.Equal(400, TakeAgendaItemEndpoint.Validate(new TakeAgendaItem(-1)).Status);
    }

    [Fact]
    public void the_schedule_keeps_the_agenda_in_order_and_validation_names_every_bad_field()
    {
        var id = Guid.CreateVersion7();
        var scheduled = (SessionScheduled)ScheduleSessionEndpoint.Decide(new ScheduleSession(" Plenaria ", SessionKinds.Commission, States.Now,
            [new AgendaItemInput(" Uno "), new AgendaItemInput("Dos")]), States.AssemblyId, id, States.Chair, States.Now).Events.Single();
        Assert.Equal(["Uno", "Dos"], scheduled.Agenda);
        Assert.Equal("Plenaria", scheduled.Title);
        var problem = ScheduleSessionEndpoint.Validate(new ScheduleSession("", "party", default, [new AgendaItemInput("")]));
        var errors = Assert.IsType<Dictionary<string, string[]>>(problem.Extensions["errors"]);
        Assert.Equal(["agenda[0].title", "kind", "scheduledAt", "title"], errors.Keys.Order());
    }
}

public class floor_decisions
{
    private static readonly DelegateView Ana = States.Participant();
    private static readonly DelegateView Bruno = States.Participant();
    private static readonly DelegateView Carla = States.Participant();

    private static Decision Request(SessionState session, DelegateView speaker, Actor? actor = null) =>
        RequestFloorEndpoint.Decide(session, speaker.Id, speaker, actor ?? States.DelegateActor(speaker.Id), States.Now);

    [Fact]
    public void the_queue_is_first_come_first_served_and_the_floor_goes_to_its_head()
    {
        var session = States.OpenSession();
        foreach (var speaker in new[] { Ana, Bruno, Carla }) session = States.ApplyAll(session, Request(session, speaker));
        Assert.Equal([Ana.Id, Bruno.Id, Carla.Id], session.Queue);
        Assert.Equal(2, session.PositionOf(Bruno.Id));

        session = States.ApplyAll(session, WithdrawFloorRequestEndpoint.Decide(session, Bruno.Id, States.DelegateActor(Bruno.Id), States.Now));
        Assert.Equal(2, session.PositionOf(Carla.Id));

        var first = GiveFloorEndpoint.Decide(session, States.Chair, States.Now);
        Assert.Equal([new FloorGiven(session.Id, Ana.Id, States.Chair.Id, States.Now)], first.Events);
        session = States.ApplyAll(session, first);
        Assert.Equal(new SpeakingTurn(Ana.Id, States.Now, null), session.CurrentSpeaker);
        var second = GiveFloorEndpoint.Decide(session, States.Chair, States.Now.AddMinutes(3));
        Assert.Equal([new SpeakingTurnEnded(session.Id, Ana.Id, States.Chair.Id, States.Now.AddMinutes(3)),
            new FloorGiven(session.Id, Carla.Id, States.Chair.Id, States.Now.AddMinutes(3))], second.Events);
        session = States.ApplyAll(session, second);
        Assert.Empty(session.Queue);
        Assert.Equal(new SpeakingTurn(Ana.Id, States.Now, States.Now.AddMinutes(3)), session.LastTurn);
        Assert.Equal(409, States.Status(GiveFloorEndpoint.Decide(session, States.Chair, States.Now)));
    }

    [Fact]
    public void speaking_times_come_from_each_turns_start_and_end()
    {
        object[] turns =
        [
            new FloorGiven(Guid.Empty, Ana.Id, States.Chair.Id, States.Now),
            new SpeakingTurnEnded(Guid.Empty, Ana.Id, States.Chair.Id, States.Now.AddSeconds(90)),
            new FloorGiven(Guid.Empty, Bruno.Id, States.Chair.Id, States.Now.AddMinutes(2)),
            new SpeakingTurnEnded(Guid.Empty, Bruno.Id, States.Chair.Id, States.Now.AddMinutes(3)),
            new FloorGiven(Guid.Empty, Ana.Id, States.Chair.Id, States.Now.AddMinutes(4)),
        ];
        var session = States.OpenSession(turns);
        var ended = EndSpeakingTurnEndpoint.Decide(session, States.Chair, States.Now.AddMinutes(5));
        session = States.ApplyAll(session, ended);
        Assert.Null(session.CurrentSpeaker);
        Assert.Equal(60.0, session.LastTurn!.Seconds);
        var view = States.OpenSessionView([.. turns, .. ended.Events]);
        Assert.Equal([90.0, 60.0, 60.0], view.Turns.Select(t => t.Seconds!.Value));
        Assert.Equal([new SpeakingTime(Ana.Id, 2, 150), new SpeakingTime(Bruno.Id, 1, 60)], SessionDetails.TotalsPerSpeaker(view.Turns));
        Assert.Equal(409, States.Status(EndSpeakingTurnEndpoint.Decide(session, States.Chair, States.Now)));
    }

    [Fact]
    public void nobody_holds_two_places_or_asks_for_someone_else()
    {
        var session = States.OpenSession(new FloorRequested(Guid.Empty, Ana.Id, Ana.Id, States.Now), new FloorRequested(Guid.Empty, Bruno.Id, Bruno.Id, States.Now));
        var again = Request(session, Ana);
        Assert.Equal(409, States.Status(again));
        Assert.Contains("position 1", again.Refusal!.Detail);
        session = States.Apply(session, new FloorGiven(Guid.Empty, Ana.Id, States.Chair.Id, States.Now));
        Assert.Equal(409, States.Status(Request(session, Ana)));
        Assert.Equal(403, States.Status(Request(session, Carla, States.DelegateActor(Ana.Id))));
        Assert.False(Request(session, Carla, States.Chair).IsRefused);
        Assert.Equal(403, States.Status(WithdrawFloorRequestEndpoint.Decide(session, Bruno.Id, States.DelegateActor(Carla.Id), States.Now)));
        Assert.Equal(404, States.Status(WithdrawFloorRequestEndpoint.Decide(session, Carla.Id, States.Chair, States.Now)));
    }

    [Fact]
    public void only_present_participants_of_the_assembly_take_the_floor_of_an_open_session()
    {
        Assert.Equal(409, States.Status(Request(States.Session(), Ana)));
        var session = States.OpenSession();
        Assert.Equal(409, States.Status(Request(session, States.Participant(checkedIn: false))));
        Assert.Equal(409, States.Status(Request(session, States.Participant(status: DelegateStatus.Revoked))));
        Assert.False(Request(session, States.Participant(role: "observer")).IsRefused);
        var stranger = States.Participant(assemblyId: Guid.CreateVersion7());
        Assert.Equal(403, States.Status(Request(session, stranger)));
        Assert.Equal(404, States.Status(Request(session, stranger, States.Chair)));
        Assert.Equal(404, States.Status(RequestFloorEndpoint.Decide(session, Guid.CreateVersion7(), null, States.Chair, States.Now)));
    }
}

public class motion_decisions
{
    private static readonly DelegateView Mover = States.Participant();

    [Fact]
    public void organisers_and_delegates_with_voting_rights_table_and_amend()
    {
        Assert.True(Infrastructure.Problems.IsOk(MotionRights.MayPropose(States.Chair, null, States.AssemblyId)));
        Assert.True(Infrastructure.Problems.IsOk(MotionRights.MayPropose(States.DelegateActor(Mover.Id), Mover, States.AssemblyId)));
        Assert.Equal(403, MotionRights.MayPropose(States.DelegateActor(Mover.Id), States.Participant(checkedIn: false), States.AssemblyId).Status);
        Assert.Equal(403, MotionRights.MayPropose(States.DelegateActor(Mover.Id), States.Participant(role: "press"), States.AssemblyId).Status);
        Assert.Equal(403, MotionRights.MayPropose(States.DelegateActor(Mover.Id), Mover, Guid.CreateVersion7()).Status);
        Assert.Equal(403, MotionRights.MayPropose(States.DelegateActor(Mover.Id), null, States.AssemblyId).Status);
        Assert.Equal(403, MotionRights.MayPropose(new Actor(Guid.CreateVersion7(), Roles.Representative, Guid.CreateVersion7(), null), null, States.AssemblyId).Status);
    }

    [Fact]
    public void a_motion_is_tabled_in_a_session_that_is_not_adjourned()
    {
        var motionId = Guid.CreateVersion7();
        var session = States.OpenSession();
        Assert.Equal([new MotionTabled(motionId, session.Id, States.AssemblyId, "Título", "Texto", States.Chair.Id, States.Now)],
            TableMotionEndpoint.Decide(session, null, new TableMotion(" Título ", " Texto "), motionId, States.Chair, States.Now).Events);
        var adjourned = States.OpenSession(new SessionAdjourned(Guid.Empty, States.AssemblyId, States.Chair.Id, States.Now));
        Assert.Equal(409, States.Status(TableMotionEndpoint.Decide(adjourned, null, new TableMotion("T", "T"), motionId, States.Chair, States.Now)));
    }

    [Fact]
    public void an_accepted_amendment_replaces_the_text_as_the_next_revision()
    {
        var motion = States.Motion();
        var (first, second) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        motion = States.ApplyAll(motion, ProposeAmendmentEndpoint.Decide(motion, Mover, new ProposeAmendment(" Texto enmendado. "), first, States.DelegateActor(Mover.Id), States.Now));
        motion = States.ApplyAll(motion, ProposeAmendmentEndpoint.Decide(motion, Mover, new ProposeAmendment("Otro texto."), second, States.DelegateActor(Mover.Id), States.Now));
        Assert.Equal([new AmendmentDraft(first, "Texto enmendado.", 1, false), new AmendmentDraft(second, "Otro texto.", 1, false)], motion.Amendments);

        motion = States.ApplyAll(motion, AcceptAmendmentEndpoint.Decide(motion, first, States.Chair, States.Now));
        Assert.Equal(("Texto enmendado.", 2), (motion.Text, motion.Revision));
        Assert.True(motion.Amendments[0].Accepted);
        Assert.Empty(AcceptAmendmentEndpoint.Decide(motion, first, States.Chair, States.Now).Events);
        Assert.Equal(409, States.Status(AcceptAmendmentEndpoint.Decide(motion, second, States.Chair, States.Now)));
        Assert.Equal(404, States.Status(AcceptAmendmentEndpoint.Decide(motion, Guid.CreateVersion7(), States.Chair, States.Now)));
    }

    [Fact]
    public void once_put_to_the_vote_a_motion_is_no_longer_amended()
    {
        var amendmentId = Guid.CreateVersion7();
        var motion = States.Motion(new AmendmentProposed(Guid.Empty, Guid.Empty, amendmentId, "Nuevo.", 1, Mover.Id, States.Now), States.Opened(secret: false));
        Assert.Equal(409, States.Status(ProposeAmendmentEndpoint.Decide(motion, Mover, new ProposeAmendment("Tarde."), Guid.CreateVersion7(), States.Chair, States.Now)));
        Assert.Equal(409, States.Status(AcceptAmendmentEndpoint.Decide(motion, amendmentId, States.Chair, States.Now)));
    }
}

public class vote_arithmetic
{
    [Theory]
    [InlineData("simple", 1, 0, true)]
    [InlineData("simple", 2, 1, true)]
    [InlineData("simple", 1, 1, false)]
    [InlineData("simple", 0, 0, false)]
    [InlineData("simple", 3, 4, false)]
    [InlineData("twoThirds", 2, 1, true)]
    [InlineData("twoThirds", 6, 3, true)]
    [InlineData("twoThirds", 6, 4, false)]
    [InlineData("twoThirds", 3, 2, false)]
    [InlineData("twoThirds", 1, 0, true)]
    [InlineData("twoThirds", 0, 0, false)]
    [InlineData("twoThirds", 167, 83, true)]
    [InlineData("twoThirds", 166, 84, false)]
    public void majorities_compare_yes_with_no_and_ignore_abstentions(string majority, int yes, int no, bool reached) =>
        Assert.Equal(reached, VoteRules.MajorityReached(majority, yes, no));

    [Theory]
    [InlineData(3, 3, true)]
    [InlineData(2, 3, false)]
    [InlineData(0, 0, true)]
    [InlineData(250, 126, true)]
    public void the_quorum_is_the_least_number_of_ballots_cast(int cast, int quorum, bool met) =>
        Assert.Equal(met, VoteRules.QuorumMet(cast, quorum));

    [Fact]
    public void abstentions_count_for_the_quorum_and_a_missed_quorum_rejects()
    {
        Assert.Equal(new VoteResult(2, 1, 3, 10, 6, true, VoteOutcomes.Adopted), VoteRules.Result(Majorities.Simple, 6, 10, new BallotCounts(2, 1, 3)));
        Assert.Equal(new VoteResult(5, 0, 0, 10, 5, false, VoteOutcomes.Rejected), VoteRules.Result(Majorities.Simple, 6, 10, new BallotCounts(5, 0, 0)));
        Assert.Equal(new VoteResult(0, 0, 4, 10, 4, true, VoteOutcomes.Rejected), VoteRules.Result(Majorities.TwoThirds, 1, 10, new BallotCounts(0, 0, 4)));
    }

    [Fact]
    public void the_roll_holds_the_assemblys_accredited_checked_in_delegates_only()
    {
        var eligible = States.Participant();
        var also = States.Participant();
        var delegates = new[]
        {
            eligible, also,
            States.Participant(checkedIn: false),
            States.Participant(role: "observer"),
            States.Participant(status: DelegateStatus.Revoked),
            States.Participant(status: DelegateStatus.Withdrawn),
            States.Participant(status: DelegateStatus.Registered),
            States.Participant(assemblyId: Guid.CreateVersion7()),
        };
        Assert.Equal(new[] { eligible.Id, also.Id }.Order(), VoteRules.EligibleVoters(delegates, States.AssemblyId));
    }
}

public class ballot_decisions
{
    private static readonly DelegateView Voter = States.Participant();
    private static readonly Actor VoterActor = States.DelegateActor(Voter.Id);
    private static readonly VoterStanding OnTheRoll = new(OnRoll: true, HoldsVotingRights: true, HasVoted: false);

    /// <summary>A ballot as the endpoint decides it: a secret vote's choice encrypted under its key first.</summary>
    private static Decision Cast(MotionState motion, string choice = BallotChoices.Yes, VoterStanding? voter = null, Actor? actor = null) =>
        CastBallotEndpoint.Decide(motion, voter ?? OnTheRoll, choice,
            motion.Vote?.Board is { } board ? CheckedBallot.Encrypt(choice, board.Key, motion.Id) : null, actor ?? VoterActor, States.Now);

    [Fact]
    public void a_vote_opens_once_in_an_open_session_with_the_roll_fixed_now()
    {
        var motion = States.Motion();
        var session = States.OpenSession();
        var key = States.Tellers3Of2.Key;
        var opened = OpenVoteEndpoint.Decide(motion, session, [Voter, States.Participant(checkedIn: false)], new OpenVote(true, Majorities.TwoThirds, 1), key,
            States.Chair, States.Now);
        Assert.Equal(2, opened.Events.Count);
        var vote = Assert.IsType<VoteOpened>(opened.Events[0]);
        Assert.Equal([Voter.Id], vote.Eligible);
        Assert.Equal((true, Majorities.TwoThirds, 1), (vote.Secret, vote.Majority, vote.Quorum));
        Assert.Equal(new BallotBoardOpened(motion.Id, motion.SessionId, key.PublicKey, 2, key.TellerKeys, States.Now), opened.Events[1]);
        var board = new SecretBoard(key, 0, BoardChain.Genesis(motion.Id, key.PublicKey));
        Assert.Equal(new MotionVote(true, Majorities.TwoThirds, 1, 1, 0, BallotCounts.None, null, board), States.ApplyAll(motion, opened).Vote);
        var named = OpenVoteEndpoint.Decide(motion, session, [Voter], new OpenVote(false, Majorities.Simple, 1), null, States.Chair, States.Now);
        Assert.IsType<VoteOpened>(Assert.Single(named.Events));
        Assert.Equal(409, States.Status(OpenVoteEndpoint.Decide(States.Motion(vote), session, [Voter], new OpenVote(true, Majorities.Simple, 0), key, States.Chair, States.Now)));
        Assert.Equal(409, States.Status(OpenVoteEndpoint.Decide(motion, States.Session(), [Voter], new OpenVote(true, Majorities.Simple, 0), key, States.Chair, States.Now)));
    }

    [Fact]
    public void a_secret_ballot_registers_the_voter_without_the_choice_and_a_named_one_records_both()
    {
        var secret = States.SecretVote(eligible: Voter.Id);
        Assert.Equal([new VoterParticipated(secret.Id, secret.SessionId, Voter.Id, 1, Voter.Id, States.Now)], Cast(secret, BallotChoices.No).Events);
        var named = States.Motion(States.Opened(secret: false, eligible: Voter.Id));
        Assert.Equal([new BallotCast(named.Id, named.SessionId, Voter.Id, BallotChoices.No, 1, Voter.Id, States.Now)], Cast(named, BallotChoices.No).Events);
    }

    [Fact]
    public void the_motion_keeps_counts_of_a_vote_never_who_voted()
    {
        var (a, b, c) = (Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7());
        var named = States.Motion(States.Opened(secret: false, Majorities.Simple, 2, a, b, c));
        foreach (var (voter, choice) in new[] { (a, BallotChoices.Yes), (b, BallotChoices.No), (c, BallotChoices.Yes) })
            named = States.ApplyAll(named, Cast(named, choice, actor: States.DelegateActor(voter)));
        Assert.Equal(new MotionVote(false, Majorities.Simple, 2, 3, 3, new BallotCounts(2, 1, 0), null), named.Vote);

        var secret = States.SecretVote(Majorities.Simple, 0, a, b);
        secret = States.ApplyAll(secret, Cast(secret, BallotChoices.No, actor: States.DelegateActor(a)));
        Assert.Equal(new MotionVote(true, Majorities.Simple, 0, 2, 1, BallotCounts.None, null), secret.Vote! with { Board = null });
    }

    [Fact]
    public void one_ballot_each_while_the_vote_is_open()
    {
        var motion = States.SecretVote(eligible: Voter.Id);
        var voted = Cast(motion, BallotChoices.No, OnTheRoll with { HasVoted = true });
        Assert.Equal(409, States.Status(voted));
        Assert.Contains("already voted", voted.Refusal!.Detail);
        Assert.Equal(409, States.Status(Cast(States.Motion())));
        var closed = States.Motion(States.Opened(secret: false, eligible: Voter.Id),
            new VoteClosed(Guid.Empty, Guid.Empty, States.AssemblyId, 0, 0, 0, 1, 0, true, VoteOutcomes.Rejected, States.Chair.Id, States.Now));
        Assert.Equal(409, States.Status(Cast(closed)));
    }

    [Fact]
    public void only_delegates_on_the_roll_who_still_hold_voting_rights_vote()
    {
        var motion = States.SecretVote(eligible: Voter.Id);
        var late = States.Participant();
        Assert.Equal(403, States.Status(Cast(motion, voter: VoterStanding.Of(onRoll: false, late, hasVoted: false), actor: States.DelegateActor(late.Id))));
        Assert.Equal(403, States.Status(Cast(motion, voter: VoterStanding.Of(onRoll: true, States.Participant(id: Voter.Id, status: DelegateStatus.Revoked), hasVoted: false))));
        Assert.Equal(403, States.Status(Cast(motion, voter: VoterStanding.Of(onRoll: true, States.Participant(id: Voter.Id, status: DelegateStatus.Withdrawn), hasVoted: false))));
        Assert.Equal(403, States.Status(Cast(motion, voter: VoterStanding.Nobody, actor: States.Chair)));
        Assert.Equal(OnTheRoll, VoterStanding.Of(onRoll: true, Voter, hasVoted: false));
        Assert.False(Cast(motion).IsRefused);
    }

    [Fact]
    public void closing_counts_named_ballots_or_decrypts_the_secret_board_and_closes_once()
    {
        var (a, b, c) = (Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7());
        var named = States.Motion(States.Opened(secret: false, Majorities.Simple, 2, a, b, c),
            new BallotCast(Guid.Empty, Guid.Empty, a, BallotChoices.Yes, 1, a, States.Now),
            new BallotCast(Guid.Empty, Guid.Empty, b, BallotChoices.Abstain, 2, b, States.Now));
        var closing = CloseVoteEndpoint.Decide(named, null, States.Chair, States.Now);
        Assert.Equal([new VoteClosed(named.Id, named.SessionId, States.AssemblyId, 1, 0, 1, 3, 2, true, VoteOutcomes.Adopted, States.Chair.Id, States.Now)], closing.Events);
        named = States.ApplyAll(named, closing);
        Assert.Equal(MotionStatus.Adopted, named.Status);
        Assert.Equal(new VoteResult(1, 0, 1, 3, 2, true, VoteOutcomes.Adopted), named.Vote!.Result);
        Assert.Equal(409, States.Status(CloseVoteEndpoint.Decide(named, null, States.Chair, States.Now)));

        var secret = States.SecretVote(Majorities.TwoThirds, 0, a, b, c);
        var key = secret.Vote!.Board!.Key.PublicPoint();
        foreach (var voter in new[] { a, b, c }) secret = States.ApplyAll(secret, Cast(secret, actor: States.DelegateActor(voter)));
        // The three ballots still wait in the mixer: the closing posts them and decrypts the board's sums with two shares of three.
        var waiting = BallotChoices.All.Select(choice => EncryptedBallot.Encrypt(choice, key, secret.Id)).ToList();
        var closing2 = CloseVoteEndpoint.Decide(secret, new SecretClosing([], waiting, States.Tellers3Of2.Shares[1..]), States.Chair, States.Now);
        Assert.Equal([typeof(BallotsPosted), typeof(TallyDecrypted), typeof(VoteClosed)], closing2.Events.Select(e => e.GetType()));
        Assert.Equal(3, ((BallotsPosted)closing2.Events[0]).Entries.Length);
        Assert.Equal([1, 1, 1], ((TallyDecrypted)closing2.Events[1]).Options.Select(o => o.Count));
        var tally = (VoteClosed)closing2.Events[2];
        Assert.Equal((1, 1, 1, 3, VoteOutcomes.Rejected), (tally.Yes, tally.No, tally.Abstain, tally.Cast, tally.Outcome));
        Assert.Equal(409, States.Status(CloseVoteEndpoint.Decide(States.Motion(), null, States.Chair, States.Now)));
    }
}
