using Alba.Coordination.Mobilisations;
using Alba.Coordination.Partners;
using Alba.Coordination.Sessions;

namespace Alba.Coordination.Tests.Partners;

/// <summary>A partner's filter narrows the kinds it asked for; a field a kind does not have never matches a filter on it.</summary>
public class a_partners_filter
{
    private static readonly Guid Call = Guid.Parse("0195a3c0-0000-7000-8000-000000000001");
    private static readonly Guid OtherCall = Guid.Parse("0195a3c0-0000-7000-8000-000000000002");
    private static readonly EndorsementPush EndorsementOfCall = new(Call, Guid.Parse("0195a3c0-0000-7000-8000-0000000000aa"));
    private static readonly SessionPush SessionOpened = new(Guid.Parse("0195a3c0-0000-7000-8000-0000000000bb"), Guid.Parse("0195a3c0-0000-7000-8000-0000000000cc"));

    [Fact]
    public void without_one_lets_every_push_through() =>
        Assert.True(PartnerKinds.Matches(new PartnerFilter(), SessionOpened, country: null, language: null));

    [Fact]
    public void by_call_keeps_that_calls_pushes_only()
    {
        Assert.True(PartnerKinds.Matches(new PartnerFilter(MobilisationId: Call), EndorsementOfCall, null, null));
        Assert.False(PartnerKinds.Matches(new PartnerFilter(MobilisationId: OtherCall), EndorsementOfCall, null, null));
    }

    [Fact]
    public void by_country_keeps_the_pushes_of_those_countries_only()
    {
        Assert.True(PartnerKinds.Matches(new PartnerFilter(Countries: ["BO", "PE"]), EndorsementOfCall, country: "PE", language: null));
        Assert.False(PartnerKinds.Matches(new PartnerFilter(Countries: ["BO"]), EndorsementOfCall, country: "PE", language: null));
    }

    [Fact]
    public void by_language_keeps_the_pushes_in_that_language_only()
    {
        Assert.True(PartnerKinds.Matches(new PartnerFilter(Language: "pt"), EndorsementOfCall, null, language: "pt"));
        Assert.False(PartnerKinds.Matches(new PartnerFilter(Language: "pt"), EndorsementOfCall, null, language: "es"));
    }

    [Fact]
    public void on_a_field_the_kind_does_not_have_never_matches()
    {
        // A session has no call, no country and no language of its own.
        Assert.False(PartnerKinds.Matches(new PartnerFilter(MobilisationId: Call), SessionOpened, null, null));
        Assert.False(PartnerKinds.Matches(new PartnerFilter(Countries: ["BO"]), SessionOpened, null, null));
        Assert.False(PartnerKinds.Matches(new PartnerFilter(Language: "es"), SessionOpened, null, null));
    }
}
