namespace Alba.Coordination.Mobilisations;

public sealed record CountryFigures(string Country, int Actions, long Turnout, long Arrests, long Injuries, long Deaths);

/// <summary>
/// A call's public dashboard, summed at read time from the call's document and its actions'
/// documents. Each of those is written in the same transaction as its events, so the sum is
/// exact whenever it is read, whatever reports are racing on other actions.
/// </summary>
public sealed record MobilisationDashboard(Guid MobilisationId, int Endorsements, int Actions, int Countries, long Turnout, long Arrests,
    long Injuries, long Deaths, IReadOnlyList<CountryFigures> ByCountry)
{
    public static MobilisationDashboard From(MobilisationView call, IReadOnlyCollection<ActionView> actions)
    {
        var byCountry = actions
            .GroupBy(a => a.Country)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new CountryFigures(g.Key, g.Count(), g.Sum(a => a.Figures.Turnout), g.Sum(a => a.Figures.Arrests),
                g.Sum(a => a.Figures.Injuries), g.Sum(a => a.Figures.Deaths)))
            .ToList();
        return new MobilisationDashboard(call.Id, call.Endorsements, actions.Count, byCountry.Count, byCountry.Sum(c => c.Turnout),
            byCountry.Sum(c => c.Arrests), byCountry.Sum(c => c.Injuries), byCountry.Sum(c => c.Deaths), byCountry);
    }
}
