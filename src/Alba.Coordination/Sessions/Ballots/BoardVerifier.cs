namespace Alba.Coordination.Sessions.Ballots;

/// <summary>
/// Recomputes a board from what it publishes, trusting nothing else: the chain's start from the motion and key, every
/// receipt from its ballot, every link from the one before, every ballot's proofs, the number of ballots against the
/// register, and after closing the tally (sums, proofs of decryption, counts) and the result announced. The command-line
/// verb and the tests run it; the public page does the same in the browser (wwwroot/js/verify.js).
/// </summary>
public static class BoardVerifier
{
    /// <summary>Every fault found, each naming where it is; empty when the board is verified.</summary>
    public static List<string> Faults(BoardDetails board)
    {
        var faults = new List<string>();
        if (ElectionGroup.ParsePoint(board.PublicKey) is not { } key) return ["The board's public key is not a point of P-256."];
        if (board.Dealing is { } dealing) faults.AddRange(DealingFaults(board, dealing));
        if (board.Genesis != BoardChain.Genesis(board.MotionId, board.PublicKey))
            faults.Add("The chain does not start from this motion and key (the genesis hash differs).");
        var previous = BoardChain.Genesis(board.MotionId, board.PublicKey);
        var receipts = new HashSet<string>();
        for (var i = 0; i < board.Ballots.Count; i++)
        {
            var entry = board.Ballots[i];
            var place = $"Ballot {i + 1}";
            if (entry.Index != i) faults.Add($"{place} is numbered {entry.Index + 1}: a ballot was removed, added or moved before it.");
            if (entry.Previous != previous) faults.Add($"{place} does not link to the ballot before it: a ballot was removed, added or moved.");
            if (entry.Ballot.Fault(key, board.MotionId) is { } fault) faults.Add($"{place}: {fault}");
            else if (entry.Ballot.Receipt() != entry.Receipt) faults.Add($"{place} was changed: its content no longer hashes to its receipt {entry.Receipt}.");
            if (entry.Hash != BoardChain.Link(entry.Previous, entry.Receipt)) faults.Add($"{place}'s hash is not the hash of its link and receipt.");
            if (!receipts.Add(entry.Receipt)) faults.Add($"{place} repeats the receipt of an earlier ballot.");
            previous = entry.Hash;
        }
        if (board.Head != previous) faults.Add("The head of the chain is not the hash of the last ballot: the board was cut short or extended.");
        if (board.Status == "closed" && board.Ballots.Count + board.Lost != board.Cast)
            faults.Add($"The register counts {board.Cast} voters, the board {board.Ballots.Count} ballots.");
        // Not hidden behind "verified": the tally is of the board, without these.
        if (board.Lost > 0) faults.Add($"{board.Lost} registered ballots never reached the board: the vote was closed accepting their loss.");
        if (board.Status == "open" && board.Ballots.Count > board.Cast)
            faults.Add($"The board holds {board.Ballots.Count} ballots for {board.Cast} registered voters.");
        if (board.Status != "closed") return faults;
        if (board.Tally is not { } tally) return [.. faults, "The vote is closed but its board has no tally."];
        if (board.KeyHeldBy == "tellers" && tally.Count > 0 && board.Partials is null) return [.. faults, "The tellers hold the key, yet the tally has no partial decryptions."];
        if (Tally.Fault(board.MotionId, board.Key, board.Ballots.Select(b => b.Ballot).ToList(), tally, board.Partials) is { } tallyFault) faults.Add(tallyFault);
        else if (board.Result is { } result && Tally.Counts(tally) != new BallotCounts(result.Yes, result.No, result.Abstain))
            faults.Add($"The result announced ({result.Yes} yes, {result.No} no, {result.Abstain} abstain) is not the tally decrypted from the board.");
        return faults;
    }

    /// <summary>What a reader should know beside the faults: a key dealt by the server is weaker than one its tellers made.</summary>
    public static List<string> Notes(BoardDetails board) => board.KeyHeldBy == "server"
        ? ["Key held by the server: this vote was opened without named tellers, so the server dealt its key and, at opening and at closing, could have decrypted every ballot."]
        : [];

    /// <summary>
    /// The key and the tellers' keys recomputed from the commitments of the qualified tellers (all of them for a board recorded
    /// before complaints were resolved), every commitment's proof of knowledge, and every revealed share against its dealer's
    /// commitments: a dealer whose revealed share fails cannot be in the qualified set, nor can a teller that sent no
    /// commitments (disqualified before it did).
    /// </summary>
    private static IEnumerable<string> DealingFaults(BoardDetails board, IReadOnlyList<TellerCommitments> dealing)
    {
        var tellers = board.TellerKeys.Length;
        if (dealing.Count == 0 || dealing.Any(round => round is null || round.Teller < 1 || round.Teller > tellers)
            || dealing.Zip(dealing.Skip(1)).Any(pair => pair.First.Teller >= pair.Second.Teller))
        {
            yield return $"The board names {tellers} tellers' keys but its commitments are not each of a different teller 1 to {tellers}, in teller order.";
            yield break;
        }
        var wellFormed = true;
        foreach (var round in dealing)
            if (KeyGeneration.Fault(board.MotionId, board.Threshold, round) is { } fault)
            {
                wellFormed = false;
                yield return $"Teller {round.Teller}'s commitments: {fault.Message}";
            }
        if (!wellFormed) yield break;
        var dealers = dealing.ToDictionary(round => round.Teller);
        var qualified = board.Qualified ?? [.. dealers.Keys];
        if (qualified.Count < board.Threshold || qualified.Any(teller => !dealers.ContainsKey(teller)))
            yield return $"The qualified set ({string.Join(", ", qualified)}) is not at least {board.Threshold} of the tellers whose commitments it records ({string.Join(", ", dealers.Keys)}).";
        foreach (var revealed in board.Revealed ?? [])
        {
            var holds = dealers.TryGetValue(revealed.Teller, out var dealer) && revealed.HoldsAgainst(dealer.Commitments);
            if (holds != revealed.Holds)
                yield return $"The share teller {revealed.Teller} revealed to teller {revealed.To} is recorded as {(revealed.Holds ? "holding" : "failing")}, but it {(holds ? "holds" : "fails")} against its commitments.";
            if (!holds && qualified.Contains(revealed.Teller))
                yield return $"Teller {revealed.Teller} is in the qualified set, yet the share it revealed to teller {revealed.To} does not match its commitments.";
        }
        var key = KeyGeneration.Key(dealing, tellers, board.Threshold, qualified);
        if (key.PublicKey != board.PublicKey) yield return "The vote's public key is not the sum of the qualified tellers' commitments.";
        for (var j = 0; j < board.TellerKeys.Length; j++)
            if (key.TellerKeys[j] != board.TellerKeys[j]) yield return $"Teller {j + 1}'s key does not follow from the tellers' commitments.";
    }
}
