using Alba.Coordination.Delegates;
using Alba.Coordination.Infrastructure;
using Alba.Coordination.Infrastructure.Auth;
using JasperFx;
using Marten.Events.Aggregation;
using Microsoft.AspNetCore.Mvc;

namespace Alba.Coordination.Sessions;

// Events on a motion's stream: its text, amendments and its one vote.
public sealed record MotionTabled(Guid MotionId, Guid SessionId, Guid AssemblyId, string Title, string Text, Guid By, DateTimeOffset At);

/// <summary>An amendment is the full proposed wording of the motion, drafted against revision <c>AmendsRevision</c>.</summary>
public sealed record AmendmentProposed(Guid MotionId, Guid SessionId, Guid AmendmentId, string Text, int AmendsRevision, Guid By, DateTimeOffset At);

/// <summary>The amendment's wording becomes the motion's text, as the next revision.</summary>
public sealed record AmendmentAccepted(Guid MotionId, Guid SessionId, Guid AmendmentId, Guid By, DateTimeOffset At);

/// <summary>Opens the motion's vote; <c>Eligible</c> is the fixed roll of delegates who may vote in it.</summary>
public sealed record VoteOpened(Guid MotionId, Guid SessionId, Guid AssemblyId, bool Secret, string Majority, int Quorum, Guid[] Eligible,
    Guid By, DateTimeOffset At);

/// <summary>A named vote's ballot: who chose what. <c>Cast</c> counts the ballots so far, this one included.</summary>
public sealed record BallotCast(Guid MotionId, Guid SessionId, Guid DelegateId, string Choice, int Cast, Guid By, DateTimeOffset At);

/// <summary>A secret vote's register entry: this delegate has voted. The choice is not here (see SecretBallotBox).</summary>
public sealed record VoterParticipated(Guid MotionId, Guid SessionId, Guid DelegateId, int Cast, Guid By, DateTimeOffset At);

public sealed record VoteClosed(Guid MotionId, Guid SessionId, Guid AssemblyId, int Yes, int No, int Abstain, int Eligible, int Cast,
    bool QuorumMet, string Outcome, Guid By, DateTimeOffset At);

public enum MotionStatus { Tabled, Voting, Adopted, Rejected }

public sealed class Amendment
{
    public Guid Id { get; set; }
    public string Text { get; set; } = "";
    public int AmendsRevision { get; set; }
    public Guid ProposedBy { get; set; }
    public DateTimeOffset ProposedAt { get; set; }
    public DateTimeOffset? AcceptedAt { get; set; }
}

public sealed record NamedBallot(Guid DelegateId, string Choice);

public sealed record VoteResult(int Yes, int No, int Abstain, int Eligible, int Cast, bool QuorumMet, string Outcome);

public sealed class VoteState
{
    public bool Secret { get; set; }
    public string Majority { get; set; } = "";
    public int Quorum { get; set; }
    public List<Guid> Eligible { get; set; } = [];
    /// <summary>Who has voted (the register that enforces one ballot each); never a choice.</summary>
    public List<Guid> Voters { get; set; } = [];
    /// <summary>Named votes only: who chose what (shown once the vote is closed).</summary>
    public List<NamedBallot> Ballots { get; set; } = [];
    public DateTimeOffset OpenedAt { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
    public VoteResult? Result { get; set; }

    public bool IsOpen => ClosedAt is null;
}

/// <summary>A motion as projected from its stream (inline: amendments and ballots decide on it).</summary>
public sealed class MotionView : IRevisioned
{
    public Guid Id { get; set; }
    public Guid SessionId { get; set; }
    public Guid AssemblyId { get; set; }
    public string Title { get; set; } = "";
    public string Text { get; set; } = "";
    /// <summary>1 as tabled, +1 for each accepted amendment.</summary>
    public int Revision { get; set; }
    public Guid TabledBy { get; set; }
    public DateTimeOffset TabledAt { get; set; }
    public MotionStatus Status { get; set; }
    public List<Amendment> Amendments { get; set; } = [];
    public VoteState? Vote { get; set; }
    public int Version { get; set; }
}

public sealed partial class MotionViewProjection : SingleStreamProjection<MotionView, Guid>
{
    public static MotionView Create(MotionTabled e) => new()
    {
        Id = e.MotionId, SessionId = e.SessionId, AssemblyId = e.AssemblyId, Title = e.Title, Text = e.Text, Revision = 1,
        TabledBy = e.By, TabledAt = e.At, Status = MotionStatus.Tabled,
    };

    public static void Apply(AmendmentProposed e, MotionView view) => view.Amendments.Add(new Amendment
    {
        Id = e.AmendmentId, Text = e.Text, AmendsRevision = e.AmendsRevision, ProposedBy = e.By, ProposedAt = e.At,
    });

    public static void Apply(AmendmentAccepted e, MotionView view)
    {
        var amendment = view.Amendments.Single(a => a.Id == e.AmendmentId);
        amendment.AcceptedAt = e.At;
        view.Text = amendment.Text;
        view.Revision++;
    }

    public static void Apply(VoteOpened e, MotionView view)
    {
        view.Status = MotionStatus.Voting;
        view.Vote = new VoteState { Secret = e.Secret, Majority = e.Majority, Quorum = e.Quorum, Eligible = [.. e.Eligible], OpenedAt = e.At };
    }

    public static void Apply(BallotCast e, MotionView view)
    {
        view.Vote!.Voters.Add(e.DelegateId);
        view.Vote.Ballots.Add(new NamedBallot(e.DelegateId, e.Choice));
    }

    public static void Apply(VoterParticipated e, MotionView view) => view.Vote!.Voters.Add(e.DelegateId);

    public static void Apply(VoteClosed e, MotionView view)
    {
        view.Vote!.ClosedAt = e.At;
        view.Vote.Result = new VoteResult(e.Yes, e.No, e.Abstain, e.Eligible, e.Cast, e.QuorumMet, e.Outcome);
        view.Status = e.Outcome == VoteOutcomes.Adopted ? MotionStatus.Adopted : MotionStatus.Rejected;
    }
}

/// <summary>Who may table motions and propose amendments: organisers, and delegates with voting rights in the assembly.</summary>
public static class MotionRights
{
    public static ProblemDetails MayPropose(Actor actor, DelegateView? proposer, Guid assemblyId)
    {
        if (actor.IsOrganiser) return Problems.Ok;
        if (actor.Role != Roles.Delegate) return Problems.Forbidden("Only delegates and organisers table motions and amendments.");
        return proposer is { MayVote: true } && proposer.AssemblyId == assemblyId
            ? Problems.Ok
            : Problems.Forbidden("Only delegates with voting rights in this assembly (accredited, checked in) table motions and amendments.");
    }
}
