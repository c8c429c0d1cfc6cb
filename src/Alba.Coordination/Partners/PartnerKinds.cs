using Alba.Coordination.Mobilisations;
using Alba.Coordination.Sessions;

namespace Alba.Coordination.Partners;

/// <summary>
/// The pushes a partner may receive: only kinds whose payload the public pages show and that name no
/// person (no registration, check-in, floor request or ballot). Private data cannot leave through a
/// partner because no other kind is ever offered to one.
/// </summary>
public static class PartnerKinds
{
    public static readonly IReadOnlySet<string> Public = new HashSet<string>(StringComparer.Ordinal)
    {
        "StatementPublished", "MobilisationCalled", "MobilisationEndorsed", "ActionRegistered", "ActionReported",
        "SessionOpened", "SessionAdjourned", "VoteOpened", "VoteClosed",
    };

    /// <summary>Whether a push of this kind matches the partner's filter (a field the payload lacks does not match a filter on it).</summary>
    public static bool Matches(PartnerFilter filter, object payload, string? country, string? language)
    {
        if (filter.MobilisationId is { } call && MobilisationOf(payload) != call) return false;
        if (filter.Countries is { Length: > 0 } countries && (country is null || !countries.Contains(country))) return false;
        if (filter.Language is { } wanted && language != wanted) return false;
        return true;
    }

    private static Guid? MobilisationOf(object payload) => payload switch
    {
        MobilisationPush p => p.MobilisationId,
        EndorsementPush p => p.MobilisationId,
        ActionPush p => p.MobilisationId,
        ReportPush p => p.MobilisationId,
        _ => null,
    };
}
