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
    /// <summary>In the order the organisers' console offers them (statements, calls and actions, then sessions and votes).</summary>
    public static readonly IReadOnlyList<string> Public =
    [
        "StatementPublished", "MobilisationCalled", "MobilisationEndorsed", "ActionRegistered", "ActionReported",
        "SessionOpened", "SessionAdjourned", "VoteOpened", "VoteClosed",
    ];

    /// <summary>The kinds a partner may ask for, so that the console (and any client) offers them from here, not from a copy.</summary>
    [WolverineGet("/api/partners/kinds", Name = "ListPartnerKinds"), Authorize(Roles = Roles.Organiser)]
    public static IReadOnlyList<string> Get() => Public;

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
