using Alba.Coordination.Delegates;
using Alba.Coordination.Sessions.Ballots;
using Alba.Coordination.Infrastructure.GroupCommit;
using Microsoft.Extensions.Caching.Memory;

namespace Alba.Coordination.Sessions;

/// <summary>
/// A ballot: <c>choice</c> in plain (a named vote, or a client that cannot encrypt: the server encrypts it at once), or for a
/// secret vote the <c>ballot</c> encrypted on the delegate's device with its proofs, and the <c>nonce</c> the device drew for
/// it (optional), which lets that device send the same ballot again should it never reach the board (<see cref="BallotCommitment"/>).
/// </summary>
public sealed record CastBallot(string? Choice, EncryptedBallot? Ballot = null, string? Nonce = null);

/// <summary>
/// The answer to a ballot, named or secret alike: how many have voted, never what was chosen; for a secret ballot its
/// <c>receipt</c>, the hash under which it will appear on the board.
/// </summary>
public sealed record BallotAnswer(Guid MotionId, int Cast, string? Receipt);

/// <summary>What a ballot's decision knows about its caller, read under the motion's lock from small per-voter facts.</summary>
public sealed record VoterStanding(bool OnRoll, bool HoldsVotingRights, bool HasVoted)
{
    public static readonly VoterStanding Nobody = new(false, false, false);

    /// <summary>Voting rights are read again at ballot time: a delegate revoked or withdrawn since the opening holds none.</summary>
    public static VoterStanding Of(bool onRoll, DelegateView? standing, bool hasVoted) => new(onRoll, standing is { MayVote: true }, hasVoted);
}

public static class CastBallotEndpoint
{
    public static ProblemDetails Validate(CastBallot command) => new Validation()
        .Check(command.Ballot is not null || BallotChoices.All.Contains(command.Choice), "choice",
            $"'choice' must be one of: {string.Join(", ", BallotChoices.All)} (or send an encrypted 'ballot').")
        .Check(command.Ballot is null || command.Choice is null, "ballot", "Send either 'choice' or an encrypted 'ballot', not both.")
        .Check(command.Nonce is null || (command.Ballot is not null && BallotCommitment.IsNonce(command.Nonce)), "nonce",
            "'nonce' is 64 hex digits drawn by the device, sent with an encrypted 'ballot'.")
        .ToProblem();

    /// <summary>
    /// One ballot per delegate on the roll fixed at opening, while the vote is open and the delegate still holds voting
    /// rights (a revocation since the opening ends them at once). Ineligible callers get 403, a closed/unopened vote or a
    /// second ballot 409. A secret vote records only that the delegate voted; its encrypted <paramref name="ballot"/> must carry
    /// proofs that hold under this vote's key (otherwise 400, nothing recorded) and goes to the board through the mixer, not
    /// through this decision. The proofs were checked before the ballot queued (<see cref="CheckedBallot"/>); this decision
    /// only reads the verdict and that it was reached under the key the ballot is recorded under.
    /// </summary>
    public static Decision Decide(MotionState motion, VoterStanding voter, string? choice, CheckedBallot? ballot, Actor actor, DateTimeOffset now,
        string? commitment = null)
    {
        if (actor.Role != Roles.Delegate || actor.DelegateId is not { } delegateId)
            return Problems.Forbidden("Only delegates vote, each with their own credential.");
        if (motion.Vote is not { } vote) return Problems.Conflict("This motion has not been put to the vote.");
        if (!vote.IsOpen) return Problems.Conflict("The vote is closed.");
        if (VoteRules.BallotRefusal(vote) is { } refusal) return refusal;
        if (!voter.OnRoll)
            return Problems.Forbidden("You were not on the roll when this vote opened (accredited, checked in, role delegate); eligibility is fixed at opening.");
        if (!voter.HoldsVotingRights) return Problems.Forbidden("Your voting rights have ended.");
        if (voter.HasVoted) return AlreadyVoted();
        var cast = vote.Cast + 1;
        if (!vote.Secret)
            return choice is null
                ? Problems.Invalid("choice", "A named vote records who chose what: send 'choice', not an encrypted ballot.")
                : Decision.Append(new BallotCast(motion.Id, motion.SessionId, delegateId, choice, cast, actor.Id, now));
        if (vote.Board is not { } board) throw new InvalidOperationException("A secret vote opens with its board.");
        // A vote's key is fixed when it opens (a motion has one vote, and its board opens with it), so a ballot checked
        // under another key, or under none, is one sent before the vote opened that overtook the opening.
        if (ballot is null || ballot.Key != board.Key.PublicKey || ballot.MotionId != motion.Id)
            return Problems.Conflict("The vote opened while this ballot was on its way; send it again.");
        if (ballot.Fault is { } fault) return Problems.Invalid("ballot", fault);
        return Decision.Append(new VoterParticipated(motion.Id, motion.SessionId, delegateId, cast, actor.Id, now, commitment));
    }

    public static ProblemDetails AlreadyVoted() => Problems.Conflict("You have already voted in this vote.");

    /// <summary>
    /// Ballots of one motion are group-committed (<see cref="BallotBatches"/>): they queue in memory, and each batch locks the
    /// motion's stream once, decides every ballot in order against the count, the roll and the register as the ballots before
    /// it left them, and commits them together; the answer comes after that commit. Ballots take no Idempotency-Key: its
    /// stored request hash would tie the caller to one of three bodies. A repeated ballot is answered 409 "already voted"
    /// instead; on one node a voter's ballots take turns (<see cref="VoterTurns"/>), so a repeat costs no proof check. A secret ballot's participation commits first and only then does the encrypted ballot go to the mixer: the
    /// transaction that names the voter holds nothing that depends on the choice.
    /// </summary>
    [WolverinePost("/api/motions/{id}/ballots", Name = "CastBallot"), Authorize, IdempotencyExempt]
    public static async Task<IResult> Post(Guid id, CastBallot command, ClaimsPrincipal user, StreamWriter<BallotSubmission, BallotOutcome> ballots,
        ElectionKeys keys, BallotMixer mixer, VoterTurns turns, TimeProvider clock, HttpContext context)
    {
        var outcome = await CommitAsync(id, command, user.Actor(), ballots, keys, turns, clock, context.RequestAborted);
        if (outcome.Refusal is not null) return Results.Problem(outcome.Refusal);
        if (outcome.Outcome!.ToMix is { } secret) await mixer.AddAsync(id, secret);
        return Results.Ok(outcome.Outcome.Answer);
    }

    /// <summary>The ballot decided and committed in its motion's batch, in its voter's turn (<see cref="VoterTurns"/>).</summary>
    private static async Task<Committed<BallotOutcome>> CommitAsync(Guid id, CastBallot command, Actor actor,
        StreamWriter<BallotSubmission, BallotOutcome> ballots, ElectionKeys keys, VoterTurns turns, TimeProvider clock, CancellationToken cancellation)
    {
        using var turn = actor.DelegateId is { } voter ? await turns.TakeAsync(id, voter, cancellation) : null;
        if (turn is { Voted: true }) return Committed<BallotOutcome>.Refused(AlreadyVoted());
        // Proofs are checked, and a plain choice in a secret vote encrypted, here, in parallel across requests, not in the
        // motion's batch under its lock. An encrypted choice leaves the command: the queue and the batch never hold it.
        var checkedBallot = command switch
        {
            { Ballot: { } ballot } => await keys.CheckAsync(ballot, id, cancellation),
            { Choice: { } choice } => await keys.EncryptAsync(choice, id, cancellation),
            _ => null,
        };
        // The nonce never queues either: only the commitment it hides the receipt with.
        var commitment = checkedBallot is not null && command.Nonce is { } nonce ? BallotCommitment.Of(checkedBallot.Ballot.Canonical().Receipt(), nonce) : null;
        var submitted = checkedBallot is null ? command : command with { Choice = null, Nonce = null };
        var committed = await ballots.SubmitAsync(id, new BallotSubmission(submitted, checkedBallot, actor, clock.GetUtcNow(), commitment), cancellation);
        if (turn is not null && committed.Refusal is null) turn.Voted = true;
        return committed;
    }
}

/// <summary>A ballot as the endpoint hands it to the motion's group commit, an encrypted one with its proofs checked.</summary>
public sealed record BallotSubmission(CastBallot Command, CheckedBallot? Checked, Actor Actor, DateTimeOffset At, string? Commitment = null);

/// <summary>
/// An encrypted ballot with the verdict on its proofs (<see cref="Fault"/>, null when they hold), reached under the public
/// <see cref="Key"/> of motion <see cref="MotionId"/>'s vote. Checking costs far more than deciding, so it is done before
/// the ballot queues; the decision compares the key and reads the verdict.
/// </summary>
public sealed record CheckedBallot(EncryptedBallot Ballot, Guid MotionId, string Key, string? Fault)
{
    public static CheckedBallot Check(EncryptedBallot ballot, ElectionKey key, Guid motionId) =>
        new(ballot, motionId, key.PublicKey, ballot.Fault(key.PublicPoint(), motionId));

    /// <summary>A plain choice the server encrypts: its proofs hold by construction.</summary>
    public static CheckedBallot Encrypt(string choice, ElectionKey key, Guid motionId) =>
        new(EncryptedBallot.Encrypt(choice, key.PublicPoint(), motionId), motionId, key.PublicKey, null);
}

/// <summary>
/// The public keys of votes, per motion (none for a named vote), and the work done under them before a ballot queues. A
/// vote's kind and key never change once it is open (one vote per motion, a secret one's board opened with it), so they are
/// kept once read, or once the vote opened on this node; a motion with no vote open yet is read again next time.
/// </summary>
/// <remarks>
/// Checking a ballot's proofs costs milliseconds of processor time: at most one check per core runs at a time, the rest
/// wait without holding a thread. A burst of thousands of ballots checked at once on the thread pool queued the motion's
/// group commit behind them while it held the motion's lock, until a wait passed its bound (503).
/// </remarks>
public sealed class ElectionKeys(IDocumentStore store, RequestPools pools) : IDisposable
{
    private readonly MemoryCache _keys = new(new MemoryCacheOptions { SizeLimit = 10_000 });
    private readonly SemaphoreSlim _cores = new(Environment.ProcessorCount);

    /// <summary>The ballot with the verdict on its proofs under the motion's key, or null when no secret vote of it is open.</summary>
    public async Task<CheckedBallot?> CheckAsync(EncryptedBallot ballot, Guid motionId, CancellationToken cancellation) =>
        await OfAsync(motionId, cancellation) is { } key ? await OnACoreAsync(() => CheckedBallot.Check(ballot, key, motionId), cancellation) : null;

    /// <summary>A plain choice encrypted with its proofs under the motion's key, or null when its vote is named (or not open).</summary>
    public async Task<CheckedBallot?> EncryptAsync(string choice, Guid motionId, CancellationToken cancellation) =>
        await OfAsync(motionId, cancellation) is { } key ? await OnACoreAsync(() => CheckedBallot.Encrypt(choice, key, motionId), cancellation) : null;

    /// <summary>A vote opened (or its key made by its tellers) on this node, its key (null for a named vote) known from its commit: its
    /// ballots read nothing for it.</summary>
    public void Opened(Guid motionId, ElectionKey? key) => Keep(motionId, new VoteKey(key));

    private async Task<T> OnACoreAsync<T>(Func<T> work, CancellationToken cancellation)
    {
        await _cores.WaitAsync(cancellation);
        try
        {
            return work();
        }
        finally
        {
            _cores.Release();
        }
    }

    private async ValueTask<ElectionKey?> OfAsync(Guid motionId, CancellationToken cancellation)
    {
        if (_keys.TryGetValue(motionId, out VoteKey? known)) return known!.Key;
        await using var session = store.QuerySession(Marten.Services.SessionOptions.ForConnection(pools.Reads.CreateConnection()));
        var vote = (await session.LoadAsync<MotionState>(motionId, cancellation))?.Vote;
        // A vote whose tellers are still making its key has none yet: read again next time, not kept as a named vote.
        if (vote is { IsKeying: false }) Keep(motionId, new VoteKey(vote.Board?.Key));
        return vote?.Board?.Key;
    }

    private void Keep(Guid motionId, VoteKey key) =>
        _keys.Set(motionId, key, new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = TimeSpan.FromHours(1) });

    /// <summary>An opened vote's key, null for a named one.</summary>
    private sealed record VoteKey(ElectionKey? Key);

    public void Dispose()
    {
        _keys.Dispose();
        _cores.Dispose();
    }
}

/// <summary>
/// One ballot per voter and motion at a time on this node. A voter's repeated ballots (taps on a slow network; the benchmark's
/// burst sends each voter's three at once) wait for the first one's outcome instead of each costing a proof check (7 ms of
/// processor time): once one has committed, the others are answered "already voted" (409) at once, as the motion's decision
/// would answer them; if it was refused, the next is checked and decided as usual. Memory only, and per node: the decision
/// under the motion's lock still enforces one ballot per voter across nodes. A turn is forgotten when nobody holds or awaits it.
/// </summary>
public sealed class VoterTurns
{
    private readonly Dictionary<(Guid Motion, Guid Voter), Turn> _turns = [];

    public async Task<Turn> TakeAsync(Guid motionId, Guid voterId, CancellationToken cancellation)
    {
        Turn? turn;
        lock (_turns)
        {
            if (!_turns.TryGetValue((motionId, voterId), out turn)) _turns[(motionId, voterId)] = turn = new Turn(this, (motionId, voterId));
            turn.Holders++;
        }
        try
        {
            await turn.Gate.WaitAsync(cancellation);
            return turn;
        }
        catch
        {
            Leave(turn);
            throw;
        }
    }

    private void Leave(Turn turn)
    {
        lock (_turns)
            if (--turn.Holders == 0) _turns.Remove(turn.Key);
    }

    /// <summary>Held by one ballot at a time; disposing it lets the voter's next ballot go.</summary>
    public sealed class Turn(VoterTurns turns, (Guid Motion, Guid Voter) key) : IDisposable
    {
        internal SemaphoreSlim Gate { get; } = new(1, 1);

        /// <summary>Holding or waiting for the turn, counted under the turns' lock.</summary>
        internal int Holders { get; set; }

        internal (Guid Motion, Guid Voter) Key => key;

        /// <summary>A ballot of this voter on this motion committed in this turn's lifetime.</summary>
        public bool Voted { get; set; }

        public void Dispose()
        {
            Gate.Release();
            turns.Leave(this);
        }
    }
}

/// <summary>A committed ballot's answer, and for a secret vote the encrypted ballot the mixer receives after the commit.</summary>
public sealed record BallotOutcome(BallotAnswer Answer, EncryptedBallot? ToMix);

/// <summary>Opens a batch of ballots on one motion: its stream locked and the voters' standing read, in one round trip.</summary>
public sealed class BallotBatches : IStreamBatches<BallotSubmission, BallotOutcome>
{
    public ProblemDetails Missing(Guid streamId) => Problems.NotFound($"No motion has id {streamId}.");

    public async Task<IStreamBatch<BallotSubmission, BallotOutcome>?> OpenAsync(IDocumentSession session, Guid streamId,
        IReadOnlyList<BallotSubmission> commands, CancellationToken cancellation)
    {
        var batch = session.CreateBatchQuery();
        // First in the round trip: the reads after it see every ballot committed before the lock was granted.
        var locked = batch.Events.FetchForExclusiveWriting<MotionState>(streamId);
        var voters = commands.Select(c => c.Actor.DelegateId).OfType<Guid>().Distinct().ToList();
        var onRoll = voters.ToDictionary(v => v, v => batch.Query<VoteRoll>().Any(r => r.Id == streamId && r.Eligible.Contains(v)));
        var voted = batch.Query<VoterRecord>().Where(v => v.MotionId == streamId && v.DelegateId.IsOneOf(voters)).Select(v => v.DelegateId).ToList();
        var rights = batch.LoadMany<DelegateView>().ById(voters.ToArray());
        await batch.Execute(cancellation);

        var stream = await locked;
        if (stream.Aggregate is null) return null;
        var views = (await rights).ToDictionary(d => d.Id);
        var hasVoted = (await voted).ToHashSet();
        var standings = new Dictionary<Guid, VoterStanding>();
        foreach (var voter in voters)
            standings[voter] = VoterStanding.Of(await onRoll[voter], views.GetValueOrDefault(voter), hasVoted.Contains(voter));
        return new Batch(session, stream, standings);
    }

    /// <summary>The motion's state and the voters' standing as the ballots decided so far in this batch left them.</summary>
    private sealed class Batch(IDocumentSession session, IEventStream<MotionState> stream, Dictionary<Guid, VoterStanding> standings)
        : IStreamBatch<BallotSubmission, BallotOutcome>
    {
        private MotionState _motion = stream.Loaded();

        public async ValueTask<Committed<BallotOutcome>> DecideAsync(BallotSubmission submission, CancellationToken cancellation)
        {
            var (command, checkedBallot, actor, at, commitment) = submission;
            var voter = actor.DelegateId is { } delegateId ? standings[delegateId] : VoterStanding.Nobody;
            var decision = CastBallotEndpoint.Decide(_motion, voter, command.Choice, checkedBallot, actor, at, commitment);
            AlbaMetrics.CommandDecided<MotionState>(decision);
            if (decision.IsRefused) return Committed<BallotOutcome>.Refused(decision.Refusal);
            var secret = _motion.Vote!.Secret;
            _motion = await session.AppendAndFoldAsync(stream, _motion, decision);
            standings[actor.DelegateId!.Value] = voter with { HasVoted = true };
            return Committed<BallotOutcome>.With(new BallotOutcome(new BallotAnswer(_motion.Id, _motion.Vote!.Cast, checkedBallot?.Ballot.Canonical().Receipt()),
                secret ? checkedBallot!.Ballot.Canonical() : null));
        }
    }
}
