using Alba.Coordination.Infrastructure.GroupCommit;

namespace Alba.Coordination.Statements;

/// <summary>A movement signs <paramref name="Revision"/>, the text its representative read; it must be the current one.</summary>
public sealed record SignStatement(Guid MovementId, int Revision);

/// <summary>The movement's signature as it stands after the command: a repeat answers the signature already on record.</summary>
public sealed record SignatureAnswer(Guid StatementId, Guid MovementId, int Revision, DateTimeOffset SignedAt);

public static class SignStatementEndpoint
{
    public static ProblemDetails Validate(SignStatement command) => new Validation()
        .NotEmpty(command.MovementId, "movementId")
        .Check(command.Revision >= 1, "revision", "'revision' is required: the revision being signed.")
        .ToProblem();

    /// <summary>
    /// One signature per movement per revision: signing the revision already signed changes nothing;
    /// signing the current revision after an earlier one re-confirms support for the current text.
    /// </summary>
    public static Decision Decide(StatementState statement, SignStatement command, Actor actor, DateTimeOffset now)
    {
        if (!actor.Represents(command.MovementId))
            return Problems.Forbidden("A movement signs through its own representative; you do not represent this movement.");
        if (statement.Status == StatementStatus.Published) return StatementAccess.Published(statement);
        if (statement.Status != StatementStatus.Open) return Problems.Conflict("The statement is not open for signature yet.");
        if (!statement.AcceptsSignaturesAt(now)) return Problems.Conflict($"The signature period closed at {statement.SignaturesCloseAt:O}.");
        if (command.Revision != statement.Revision) return StatementAccess.NotCurrent(statement, command.Revision, "sign");
        if (statement.SignatureOf(command.MovementId)?.Revision == command.Revision) return Decision.Nothing;
        return Decision.Append(new StatementSigned(statement.Id, command.MovementId, command.Revision, actor.Id, now));
    }

    /// <summary>
    /// Signatures of one statement are group-committed (<see cref="SignatureBatches"/>): they queue in memory instead of on
    /// the statement's row lock, and each batch locks the stream once, decides every signature in order on the state the
    /// ones before it left and commits them together; the answer comes after that commit. Different movements never fail
    /// each other; the same movement signing twice at once signs once (the second sees the first). An Idempotency-Key is
    /// claimed in the batch's transaction (<see cref="GroupCommittedKeys"/>).
    /// </summary>
    [WolverinePost("/api/statements/{id}/signatures", Name = "SignStatement"), Authorize, KeyClaimedInBatch]
    public static async Task<IResult> Post(Guid id, SignStatement command, ClaimsPrincipal user, StreamWriter<Signing, RecordedAnswer> signatures,
        GroupCommittedKeys keys, TimeProvider clock, HttpContext context)
    {
        var (key, repeat) = await keys.ReadAsync(context, command);
        if (repeat is not null) return repeat;
        return await keys.AnswerAsync(key, () => signatures.SubmitAsync(id, new Signing(command, user.Actor(), clock.GetUtcNow(), key), context.RequestAborted));
    }
}

/// <summary>A signature as the endpoint hands it to the statement's group commit.</summary>
public sealed record Signing(SignStatement Command, Actor Actor, DateTimeOffset At, IdempotencyClaim? Key);

/// <summary>Opens a batch of signatures on one statement: its stream locked and loaded, in one round trip.</summary>
public sealed class SignatureBatches(GroupCommittedKeys keys) : IStreamBatches<Signing, RecordedAnswer>
{
    public ProblemDetails Missing(Guid streamId) => Problems.NotFound($"No statement has id {streamId}.");

    public async Task<IStreamBatch<Signing, RecordedAnswer>?> OpenAsync(IDocumentSession session, Guid streamId, IReadOnlyList<Signing> commands,
        CancellationToken cancellation)
    {
        var stream = await session.Events.FetchForExclusiveWriting<StatementState>(streamId, cancellation);
        return stream.Aggregate is null ? null : new Batch(session, keys.For(session), stream);
    }

    /// <summary>The statement as the signatures decided so far in this batch left it.</summary>
    private sealed class Batch(IDocumentSession session, GroupCommittedKeys.BatchClaims claims, IEventStream<StatementState> stream)
        : IStreamBatch<Signing, RecordedAnswer>
    {
        private StatementState _statement = stream.Loaded();

        public async ValueTask<Committed<RecordedAnswer>> DecideAsync(Signing signing, CancellationToken cancellation)
        {
            if (claims.Repeat(signing.Key) is { } repeat) return repeat;
            var (command, actor, at, key) = signing;
            var decision = SignStatementEndpoint.Decide(_statement, command, actor, at);
            AlbaMetrics.CommandDecided<StatementState>(decision);
            if (decision.IsRefused) return Committed<RecordedAnswer>.Refused(decision.Refusal);
            _statement = await session.AppendAndFoldAsync(stream, _statement, decision);
            var signature = _statement.SignatureOf(command.MovementId)!;
            var answer = new SignatureAnswer(_statement.Id, signature.MovementId, signature.Revision, signature.SignedAt);
            // A new signature is a record of its own (201 at the statement); a repeat answers the one on record (200).
            return claims.Claim(key, decision.Changes
                ? new RecordedAnswer(StatusCodes.Status201Created, answer, $"/api/statements/{_statement.Id}")
                : new RecordedAnswer(StatusCodes.Status200OK, answer, null));
        }
    }
}
