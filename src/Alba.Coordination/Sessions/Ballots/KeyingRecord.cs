using Marten.Events.Aggregation;

namespace Alba.Coordination.Sessions.Ballots;

/// <summary>One teller's encrypted shares to the others, as its device sent them (the server cannot read them).</summary>
public sealed record SentShares(int Teller, SealedShare[] Shares);

/// <summary>A teller's complaint that a share does not match its sender's commitments.</summary>
public sealed record ShareComplaint(int Teller, int Against, DateTimeOffset At);

/// <summary>A teller disqualified from the key: why (<see cref="DisqualificationReasons"/>), by the chair (<c>By</c>) or by its own failed answer (null).</summary>
public sealed record Disqualification(int Teller, string Reason, Guid? By, DateTimeOffset At);

/// <summary>
/// The making and decryption of a vote's key by its named tellers (id = the motion id), as the tellers' devices and the chair
/// read it: who the tellers are, their commitments and transport keys, the encrypted shares, complaints, and once the vote is
/// closed to ballots the sums to decrypt and the partials in. Everything in it is public data; no share is here in the clear.
/// </summary>
public sealed class KeyingRecord
{
    public Guid Id { get; set; }
    public Guid SessionId { get; set; }
    public List<Guid> Tellers { get; set; } = [];
    public int Threshold { get; set; }
    public List<TellerCommitments> Commitments { get; set; } = [];
    public List<SentShares> Shares { get; set; } = [];
    public List<ShareComplaint> Complaints { get; set; } = [];
    public string? PublicKey { get; set; }
    public List<OptionSum>? Sums { get; set; }
    public List<int> Partials { get; set; } = [];
    public bool Closed { get; set; }
    public List<int> Confirmed { get; set; } = [];

    /// <summary>Shares revealed in the clear in answer to complaints, each with whether it holds against its dealer's commitments.</summary>
    public List<RevealedShare> Revealed { get; set; } = [];
    public List<Disqualification> Disqualified { get; set; } = [];

    /// <summary>The tellers whose dealing the key sums, once the keying ended (opened or failed).</summary>
    public List<int>? Qualified { get; set; }
    public bool Failed { get; set; }

    /// <summary>keying → open → tallying → closed, or keying → failed.</summary>
    public string Stage => Closed ? "closed" : Failed ? "failed" : Sums is not null ? "tallying" : PublicKey is not null ? "open" : "keying";
}

public sealed partial class KeyingRecordProjection : SingleStreamProjection<KeyingRecord, Guid>
{
    public static KeyingRecord Create(TellersNamed e) => new() { Id = e.MotionId, SessionId = e.SessionId, Tellers = [.. e.Tellers], Threshold = e.Threshold };

    public static void Apply(TellerCommitted e, KeyingRecord record) => record.Commitments.Add(e.Round);

    public static void Apply(TellerSharesSent e, KeyingRecord record) => record.Shares.Add(new SentShares(e.Teller, e.Shares));

    public static void Apply(TellerComplained e, KeyingRecord record) => record.Complaints.Add(new ShareComplaint(e.Teller, e.Against, e.At));

    public static void Apply(ShareRevealed e, KeyingRecord record) => record.Revealed.Add(new RevealedShare(e.Teller, e.To, e.Share, e.Holds));

    public static void Apply(TellerConfirmed e, KeyingRecord record) => record.Confirmed.Add(e.Teller);

    public static void Apply(TellerDisqualified e, KeyingRecord record) => record.Disqualified.Add(new Disqualification(e.Teller, e.Reason, e.By, e.At));

    public static void Apply(KeyingFailed e, KeyingRecord record)
    {
        record.Failed = true;
        record.Qualified = [.. e.Qualified];
    }

    public static void Apply(BallotBoardOpened e, KeyingRecord record)
    {
        record.PublicKey = e.PublicKey;
        record.Qualified = e.Qualified?.ToList();
    }

    public static void Apply(BallotsSealed e, KeyingRecord record) => record.Sums = [.. e.Sums];

    public static void Apply(PartialDecrypted e, KeyingRecord record) => record.Partials.Add(e.Partial.Teller);

    public static void Apply(VoteClosed e, KeyingRecord record) => record.Closed = true;
}

/// <summary>A teller the chair may disqualify now, and the reason it would be recorded with (<see cref="DisqualificationReasons"/>).</summary>
public sealed record DisqualifiableTeller(int Teller, string Reason);

/// <summary>
/// A vote's keying as its readers see it, with the motion's title; while the key is being made, the tellers the chair may
/// disqualify (<see cref="TellerKeying.DisqualificationReason"/>), so no page restates that rule.
/// </summary>
public sealed record KeyingDetails(Guid MotionId, Guid SessionId, string Title, string Stage, IReadOnlyList<Guid> Tellers, int Threshold,
    IReadOnlyList<TellerCommitments> Commitments, IReadOnlyList<SentShares> Shares, IReadOnlyList<ShareComplaint> Complaints, string? PublicKey,
    IReadOnlyList<OptionSum>? Sums, IReadOnlyList<int> Partials, IReadOnlyList<int>? Confirmed = null, IReadOnlyList<RevealedShare>? Revealed = null,
    IReadOnlyList<Disqualification>? Disqualified = null, IReadOnlyList<int>? Qualified = null, IReadOnlyList<DisqualifiableTeller>? Disqualifiable = null)
{
    public static KeyingDetails From(KeyingRecord record, string title, MotionVote? vote = null) => new(record.Id, record.SessionId, title,
        record.Stage, record.Tellers, record.Threshold, record.Commitments, record.Shares, record.Complaints, record.PublicKey, record.Sums,
        record.Partials, record.Confirmed, record.Revealed, record.Disqualified, record.Qualified, Disqualifiable: DisqualifiableIn(vote));

    /// <summary>Null when the vote's state was not read (a teller's list of its votes has no use for it).</summary>
    private static DisqualifiableTeller[]? DisqualifiableIn(MotionVote? vote) =>
        vote is null ? null
        : vote is { IsKeying: true, Tellers: { } keying }
            ? [.. from teller in Enumerable.Range(1, keying.Tellers.Length)
                  let reason = keying.DisqualificationReason(teller)
                  where reason is not null
                  select new DisqualifiableTeller(teller, reason)]
            : [];
}

public static class KeyingQueries
{
    /// <summary>Public, like the board: commitments, transport keys and encrypted shares are what every teller's device checks.</summary>
    [WolverineGet("/api/motions/{id}/keying", Name = "GetKeying")]
    public static async Task<IResult> Get(Guid id, IQuerySession session)
    {
        var batch = session.CreateBatchQuery();
        var record = batch.Load<KeyingRecord>(id);
        var motion = batch.Load<MotionView>(id);
        var state = batch.Load<MotionState>(id);
        await batch.Execute();
        return await record is { } found && await motion is { } view
            ? Results.Ok(KeyingDetails.From(found, view.Title, (await state)?.Vote))
            : Results.Problem(Problems.NotFound($"No vote with named tellers has id {id}."));
    }

    /// <summary>The votes the signed-in delegate is a teller of, newest first, with what each needs from its device.</summary>
    [WolverineGet("/api/tellers/me/votes", Name = "GetMyTellerVotes"), Authorize(Roles = Roles.Delegate)]
    public static async Task<IResult> Mine(ClaimsPrincipal user, IQuerySession session)
    {
        if (user.Actor().DelegateId is not { } delegateId) return Results.Problem(Problems.Forbidden("Only delegates are tellers."));
        var records = await session.Query<KeyingRecord>().Where(r => r.Tellers.Contains(delegateId)).ToListAsync();
        var titles = (await session.LoadManyAsync<MotionView>(records.Select(r => r.Id))).ToDictionary(m => m.Id, m => m.Title);
        return Results.Ok(records.OrderByDescending(r => r.Id)
            .Select(r => KeyingDetails.From(r, titles.GetValueOrDefault(r.Id, ""))).ToList());
    }
}
