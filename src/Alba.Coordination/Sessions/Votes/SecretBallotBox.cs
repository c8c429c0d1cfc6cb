using Marten.Patching;

namespace Alba.Coordination.Sessions;

/// <summary>
/// The ballot box of one secret vote (id = the motion id): three counters and nothing else. It is the record of the
/// choices, not a read model: no delegate id, no timestamp of its own, no per-ballot row or sequence, so nothing in it
/// can be lined up with the register of who voted (<see cref="VoterParticipated"/>). See docs/voting.md.
/// </summary>
public sealed class SecretBallotBox
{
    public Guid Id { get; set; }
    public int Yes { get; set; }
    public int No { get; set; }
    public int Abstain { get; set; }

    public BallotCounts ToCounts() => new(Yes, No, Abstain);

    /// <summary>Adds one ballot in the database itself (an atomic increment), in the transaction that registers the voter.</summary>
    public static void Deposit(IDocumentSession session, Guid motionId, string choice)
    {
        var patch = session.Patch<SecretBallotBox>(motionId);
        switch (choice)
        {
            case BallotChoices.Yes: patch.Increment(b => b.Yes); break;
            case BallotChoices.No: patch.Increment(b => b.No); break;
            case BallotChoices.Abstain: patch.Increment(b => b.Abstain); break;
            default: throw new ArgumentOutOfRangeException(nameof(choice), "Unknown ballot choice.");
        }
    }
}
