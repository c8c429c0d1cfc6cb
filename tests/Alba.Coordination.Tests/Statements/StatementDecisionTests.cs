using System.Collections.Immutable;
using System.Text;
using Alba.Coordination.Infrastructure;
using Alba.Coordination.Infrastructure.Auth;
using Alba.Coordination.Statements;

namespace Alba.Coordination.Tests.Statements;

/// <summary>
/// A named statement state as the events that make it: decisions see it folded by the write model
/// (<see cref="StatementState"/>, also by the implicit conversion), view rules folded by the projection,
/// so both models are checked on the same history.
/// </summary>
internal sealed record Story(ImmutableList<IStatementEvent> Events)
{
    public Story Then(IStatementEvent e) => new(Events.Add(e));

    /// <summary>The write model keeps no translations (no decision reads them), as Marten skips events it has no Apply for.</summary>
    public StatementState State() => Events.Skip(1).Where(e => e is not StatementTranslated)
        .Aggregate(StatementState.Create((StatementDrafted)Events[0]), (state, e) => (StatementState)state.Apply((dynamic)e));

    public StatementView View()
    {
        var view = StatementViewProjection.Create((StatementDrafted)Events[0]);
        foreach (var e in Events.Skip(1)) StatementViewProjection.Apply((dynamic)e, view);
        return view;
    }

    public static implicit operator StatementState(Story story) => story.State();
}

internal static class Given
{
    public static readonly DateTimeOffset Now = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);
    public static readonly Guid StatementId = Guid.CreateVersion7();
    public static readonly Guid Initiator = Guid.CreateVersion7();
    public static readonly Guid Signer = Guid.CreateVersion7();
    public static readonly Guid Outsider = Guid.CreateVersion7();
    public static readonly Actor InitiatorRep = new(Guid.CreateVersion7(), Roles.Representative, Initiator, null);
    public static readonly Actor SignerRep = new(Guid.CreateVersion7(), Roles.Representative, Signer, null);
    public static readonly Actor OutsiderRep = new(Guid.CreateVersion7(), Roles.Representative, Outsider, null);
    public static readonly Actor Organiser = new(Guid.CreateVersion7(), Roles.Organiser, null, null);

    public static Story Draft() =>
        new([new StatementDrafted(StatementId, Initiator, "Sobre Barinas", "Denunciamos.", "es", InitiatorRep.Id, Now.AddHours(-5))]);

    public static Story Revised(this Story story) =>
        story.Then(new StatementRevised(StatementId, story.State().Revision + 1, story.State().Title, "Denunciamos. Exigimos justicia.", null,
            InitiatorRep.Id, Now.AddHours(-4)));

    public static Story Opened(this Story story, DateTimeOffset? closesAt = null) =>
        story.Then(new SignaturePeriodOpened(StatementId, closesAt, InitiatorRep.Id, Now.AddHours(-3)));

    public static Story SignedBy(this Story story, Guid movementId, int? revision = null) =>
        story.Then(new StatementSigned(StatementId, movementId, revision ?? story.State().Revision, Guid.CreateVersion7(), Now.AddHours(-2)));

    public static Story Withdrawn(this Story story, Guid movementId) =>
        story.Then(new StatementSignatureWithdrawn(StatementId, movementId, Guid.CreateVersion7(), Now.AddMinutes(-90)));

    public static Story Translated(this Story story, string language, int sourceRevision) =>
        story.Then(new StatementTranslated(StatementId, language, "Título", "Texto", sourceRevision, InitiatorRep.Id, Now.AddMinutes(-80)));

    public static Story Published(this Story story) =>
        story.Then(new StatementPublished(StatementId, story.State().Revision, [.. story.State().Supporters().Select(s => s.MovementId)],
            InitiatorRep.Id, Now.AddHours(-1)));

    public static T Single<T>(this Decision decision)
    {
        Assert.Null(decision.Refusal);
        return Assert.IsType<T>(Assert.Single(decision.Events));
    }

    public static int Refused(this Decision decision)
    {
        Assert.Empty(decision.Events);
        return decision.Refusal!.Status!.Value;
    }
}

public class drafting_decisions
{
    [Fact]
    public void a_draft_records_the_trimmed_text_with_actor_and_time()
    {
        var id = Guid.CreateVersion7();
        var drafted = DraftStatementEndpoint.Decide(new DraftStatement(" Barinas ", " Texto ", "es", Given.Initiator), id, Given.InitiatorRep, Given.Now)
            .Single<StatementDrafted>();
        Assert.Equal(new StatementDrafted(id, Given.Initiator, "Barinas", "Texto", "es", Given.InitiatorRep.Id, Given.Now), drafted);
    }

    [Fact]
    public void every_invalid_field_is_named()
    {
        var problem = DraftStatementEndpoint.Validate(new DraftStatement("", new string('x', 20_001), "Spanish", Guid.Empty));
        var errors = Assert.IsType<Dictionary<string, string[]>>(problem.Extensions["errors"]);
        Assert.Equal(["body", "initiatingMovementId", "language", "title"], errors.Keys.Order());
    }

    [Theory]
    [InlineData("es", true)]
    [InlineData("pt-BR", true)]
    [InlineData("ht", true)]
    [InlineData("ES", false)]
    [InlineData("español", false)]
    [InlineData("e", false)]
    public void languages_are_tags(string language, bool valid) =>
        Assert.Equal(valid, new Validation().Language(language).IsValid);
}

public class revision_decisions
{
    [Fact]
    public void a_text_on_the_current_revision_becomes_the_next_revision_keeping_the_title()
    {
        var revised = ReviseStatementEndpoint.Decide(Given.Draft(), new ReviseStatement(null, "Nuevo texto", " coma ", 1),
            Given.InitiatorRep, Given.Now).Single<StatementRevised>();
        Assert.Equal(new StatementRevised(Given.StatementId, 2, "Sobre Barinas", "Nuevo texto", "coma", Given.InitiatorRep.Id, Given.Now), revised);
    }

    [Fact]
    public void a_text_on_a_stale_revision_is_a_conflict_naming_the_current_one()
    {
        var decision = ReviseStatementEndpoint.Decide(Given.Draft().Revised().Revised(), new ReviseStatement(null, "x", null, 2),
            Given.InitiatorRep, Given.Now);
        Assert.Equal(409, decision.Refused());
        Assert.Equal(3, decision.Refusal!.Extensions["currentRevision"]);
        Assert.Contains("current revision is 3", decision.Refusal.Detail);
    }

    [Fact]
    public void organisers_revise_and_other_movements_may_not()
    {
        var command = new ReviseStatement("T", "x", null, 1);
        Assert.Equal(2, ReviseStatementEndpoint.Decide(Given.Draft(), command, Given.Organiser, Given.Now).Single<StatementRevised>().Revision);
        Assert.Equal(403, ReviseStatementEndpoint.Decide(Given.Draft(), command, Given.OutsiderRep, Given.Now).Refused());
    }

    [Fact]
    public void a_published_statement_is_not_revised()
    {
        var refusal = ReviseStatementEndpoint.Decide(Given.Draft().Opened().SignedBy(Given.Signer).Published(), new ReviseStatement(null, "x", null, 1),
            Given.InitiatorRep, Given.Now);
        Assert.Equal(409, refusal.Refused());
        Assert.Contains("published (revision 1)", refusal.Refusal!.Detail);
    }

    [Fact]
    public void a_blank_title_or_missing_base_is_invalid()
    {
        var errors = Assert.IsType<Dictionary<string, string[]>>(ReviseStatementEndpoint.Validate(new ReviseStatement(" ", "", null, 0)).Extensions["errors"]);
        Assert.Equal(["baseRevision", "body", "title"], errors.Keys.Order());
    }
}

public class signature_period_decisions
{
    [Fact]
    public void opening_records_the_closing_time()
    {
        var opened = OpenSignaturePeriodEndpoint.Decide(Given.Draft(), new OpenSignaturePeriod(Given.Now.AddDays(7)),
            Given.InitiatorRep, Given.Now).Single<SignaturePeriodOpened>();
        Assert.Equal(Given.Now.AddDays(7), opened.ClosesAt);
    }

    [Fact]
    public void opening_the_same_period_again_changes_nothing_but_a_new_closing_time_is_recorded()
    {
        var open = Given.Draft().Opened(Given.Now.AddDays(7));
        Assert.Same(Decision.Nothing, OpenSignaturePeriodEndpoint.Decide(open, new OpenSignaturePeriod(Given.Now.AddDays(7)),
            Given.InitiatorRep, Given.Now));
        Assert.Null(OpenSignaturePeriodEndpoint.Decide(open, new OpenSignaturePeriod(null), Given.InitiatorRep, Given.Now)
            .Single<SignaturePeriodOpened>().ClosesAt);
    }

    [Fact]
    public void a_closing_time_in_the_past_is_invalid() =>
        Assert.Equal(400, OpenSignaturePeriodEndpoint.Decide(Given.Draft(), new OpenSignaturePeriod(Given.Now),
            Given.InitiatorRep, Given.Now).Refused());

    [Fact]
    public void only_the_initiator_or_an_organiser_opens_and_never_after_publication()
    {
        var command = new OpenSignaturePeriod(null);
        Assert.Equal(403, OpenSignaturePeriodEndpoint.Decide(Given.Draft(), command, Given.SignerRep, Given.Now).Refused());
        Assert.Equal(Given.Organiser.Id, OpenSignaturePeriodEndpoint.Decide(Given.Draft(), command, Given.Organiser, Given.Now)
            .Single<SignaturePeriodOpened>().By);
        Assert.Equal(409, OpenSignaturePeriodEndpoint.Decide(Given.Draft().Opened().SignedBy(Given.Signer).Published(), command,
            Given.InitiatorRep, Given.Now).Refused());
    }
}

public class signing_decisions
{
    private static Decision Sign(Story statement, int revision, Actor? actor = null, Guid? movementId = null) =>
        SignStatementEndpoint.Decide(statement, new SignStatement(movementId ?? Given.Signer, revision), actor ?? Given.SignerRep, Given.Now);

    [Fact]
    public void a_representative_signs_the_current_revision_for_its_movement() =>
        Assert.Equal(new StatementSigned(Given.StatementId, Given.Signer, 2, Given.SignerRep.Id, Given.Now),
            Sign(Given.Draft().Revised().Opened(), 2).Single<StatementSigned>());

    [Fact]
    public void signing_the_same_revision_again_changes_nothing() =>
        Assert.Same(Decision.Nothing, Sign(Given.Draft().Opened().SignedBy(Given.Signer), 1));

    [Fact]
    public void signing_the_current_revision_after_an_earlier_one_reconfirms() =>
        Assert.Equal(2, Sign(Given.Draft().Opened().SignedBy(Given.Signer).Revised(), 2).Single<StatementSigned>().Revision);

    [Fact]
    public void a_revision_that_is_not_current_is_a_conflict_naming_the_current_one()
    {
        var decision = Sign(Given.Draft().Opened().Revised(), 1);
        Assert.Equal(409, decision.Refused());
        Assert.Equal(2, decision.Refusal!.Extensions["currentRevision"]);
    }

    [Fact]
    public void a_draft_not_yet_open_or_a_closed_period_refuses_signatures()
    {
        Assert.Equal(409, Sign(Given.Draft(), 1).Refused());
        var closed = Sign(Given.Draft().Opened(Given.Now), 1);
        Assert.Equal(409, closed.Refused());
        Assert.Contains("closed", closed.Refusal!.Detail);
        Assert.Null(Sign(Given.Draft().Opened(Given.Now.AddTicks(1)), 1).Refusal);
    }

    [Fact]
    public void only_the_movements_own_representative_signs_for_it()
    {
        Assert.Equal(403, Sign(Given.Draft().Opened(), 1, Given.OutsiderRep).Refused());
        Assert.Equal(403, Sign(Given.Draft().Opened(), 1, Given.Organiser).Refused());
    }

    [Fact]
    public void a_published_statement_takes_no_more_signatures() =>
        Assert.Equal(409, Sign(Given.Draft().Opened().SignedBy(Given.Initiator).Published(), 1).Refused());
}

public class withdrawal_decisions
{
    private static Decision Withdraw(Story statement, Actor? actor = null) =>
        WithdrawSignatureEndpoint.Decide(statement, Given.Signer, actor ?? Given.SignerRep, Given.Now);

    [Fact]
    public void a_signature_is_withdrawn_before_publication() =>
        Assert.Equal(new StatementSignatureWithdrawn(Given.StatementId, Given.Signer, Given.SignerRep.Id, Given.Now),
            Withdraw(Given.Draft().Opened().SignedBy(Given.Signer)).Single<StatementSignatureWithdrawn>());

    [Fact]
    public void no_signature_on_record_is_not_found() => Assert.Equal(404, Withdraw(Given.Draft().Opened()).Refused());

    [Fact]
    public void another_movement_cannot_withdraw_it() =>
        Assert.Equal(403, Withdraw(Given.Draft().Opened().SignedBy(Given.Signer), Given.InitiatorRep).Refused());

    [Fact]
    public void after_publication_it_is_a_conflict() =>
        Assert.Equal(409, Withdraw(Given.Draft().Opened().SignedBy(Given.Signer).Published()).Refused());
}

public class translation_decisions
{
    private static Decision Translate(Story statement, int sourceRevision, Actor? actor = null, string language = "pt") =>
        TranslateStatementEndpoint.Decide(statement, new TranslateStatement(language, "Sobre Barinas", "Denunciamos.", sourceRevision),
            actor ?? Given.InitiatorRep, Given.Now);

    [Fact]
    public void a_translation_of_an_older_revision_is_accepted() =>
        Assert.Equal(1, Translate(Given.Draft().Revised(), 1).Single<StatementTranslated>().SourceRevision);

    [Fact]
    public void a_revision_that_does_not_exist_yet_is_a_conflict() => Assert.Equal(409, Translate(Given.Draft(), 2).Refused());

    [Fact]
    public void the_original_language_is_no_translation() => Assert.Equal(409, Translate(Given.Draft(), 1, language: "es").Refused());

    [Fact]
    public void signatories_and_organisers_translate_but_uninvolved_movements_do_not()
    {
        Assert.Null(Translate(Given.Draft().Opened().SignedBy(Given.Signer), 1, Given.SignerRep).Refusal);
        Assert.Null(Translate(Given.Draft(), 1, Given.Organiser).Refusal);
        Assert.Equal(403, Translate(Given.Draft().Opened(), 1, Given.OutsiderRep).Refused());
    }

    [Fact]
    public void a_withdrawn_signatory_no_longer_translates()
    {
        var withdrawn = Given.Draft().Opened().SignedBy(Given.Signer).Withdrawn(Given.Signer);
        Assert.Equal(403, Translate(withdrawn, 1, Given.SignerRep).Refused());
    }

    [Fact]
    public void a_newer_translation_replaces_the_older_one_in_the_same_language() =>
        Assert.Equal(2, Assert.Single(Given.Draft().Revised().Translated("pt", 1).Translated("pt", 2).View().Translations).SourceRevision);
}

public class publication_decisions
{
    [Fact]
    public void the_signatories_are_those_who_signed_the_published_revision()
    {
        var statement = Given.Draft().Opened().SignedBy(Given.Outsider).Revised().SignedBy(Given.Signer).SignedBy(Given.Initiator);
        var published = PublishStatementEndpoint.Decide(statement, Given.InitiatorRep, Given.Now).Single<StatementPublished>();
        Assert.Equal(2, published.Revision);
        Assert.Equal([Given.Signer, Given.Initiator], published.Signatories);
    }

    [Fact]
    public void a_draft_never_opened_or_without_a_supporter_of_the_current_text_is_not_published()
    {
        Assert.Equal(409, PublishStatementEndpoint.Decide(Given.Draft(), Given.InitiatorRep, Given.Now).Refused());
        Assert.Equal(409, PublishStatementEndpoint.Decide(Given.Draft().Opened().SignedBy(Given.Signer).Revised(),
            Given.InitiatorRep, Given.Now).Refused());
    }

    [Fact]
    public void only_the_initiator_or_an_organiser_publishes_and_only_once()
    {
        var ready = Given.Draft().Opened().SignedBy(Given.Signer);
        Assert.Equal(403, PublishStatementEndpoint.Decide(ready, Given.SignerRep, Given.Now).Refused());
        Assert.Null(PublishStatementEndpoint.Decide(ready, Given.Organiser, Given.Now).Refusal);
        Assert.Equal(409, PublishStatementEndpoint.Decide(ready.Published(), Given.Organiser, Given.Now).Refused());
    }
}

/// <summary>The rules the write model and the view share give the same answer on the same history.</summary>
public class statement_rules
{
    [Fact]
    public void an_earlier_signature_stays_on_record_but_does_not_support_the_current_text()
    {
        var story = Given.Draft().Opened().SignedBy(Given.Signer).Revised().SignedBy(Given.Initiator);
        var (state, view) = (story.State(), story.View());
        Assert.Equal(1, state.SignatureOf(Given.Signer)!.Revision);
        Assert.Equal(1, view.Signatures.Single(s => s.MovementId == Given.Signer).Revision);
        Assert.Equal([Given.Initiator], state.Supporters().Select(s => s.MovementId));
        Assert.Equal([Given.Initiator], view.Supporters().Select(s => s.MovementId));
    }

    [Fact]
    public void a_new_signature_replaces_the_movements_earlier_one_and_goes_last()
    {
        var story = Given.Draft().Opened().SignedBy(Given.Signer).SignedBy(Given.Initiator).Revised().SignedBy(Given.Signer);
        Assert.Equal([(Given.Initiator, 1), (Given.Signer, 2)], story.State().Signatures.Select(s => (s.MovementId, s.Revision)));
        Assert.Equal([(Given.Initiator, 1), (Given.Signer, 2)], story.View().Signatures.Select(s => (s.MovementId, s.Revision)));
    }

    [Fact]
    public void a_withdrawn_signatory_is_no_longer_involved_but_the_initiator_always_is()
    {
        var story = Given.Draft().Opened().SignedBy(Given.Signer).SignedBy(Given.Initiator);
        Assert.Equal([Given.Initiator, Given.Signer], story.State().InvolvedMovementIds);
        Assert.Equal([Given.Initiator, Given.Signer], story.View().InvolvedMovementIds);

        var withdrawn = story.Withdrawn(Given.Signer).Withdrawn(Given.Initiator);
        Assert.Equal([Given.Initiator], withdrawn.State().InvolvedMovementIds);
        Assert.Equal([Given.Initiator], withdrawn.View().InvolvedMovementIds);
        Assert.Empty(withdrawn.State().Signatures);
        Assert.Empty(withdrawn.View().Signatures);
    }

    [Fact]
    public void signatures_are_accepted_while_open_and_before_the_closing_time()
    {
        foreach (var (story, accepts) in new[]
        {
            (Given.Draft(), false),
            (Given.Draft().Opened(), true),
            (Given.Draft().Opened(Given.Now.AddTicks(1)), true),
            (Given.Draft().Opened(Given.Now), false),
            (Given.Draft().Opened().SignedBy(Given.Signer).Published(), false),
        })
        {
            Assert.Equal(accepts, story.State().AcceptsSignaturesAt(Given.Now));
            Assert.Equal(accepts, story.View().AcceptsSignaturesAt(Given.Now));
        }
    }

    [Fact]
    public void drafts_are_seen_by_the_involved_and_organisers_open_ones_by_every_representative_published_ones_by_all()
    {
        var draft = Given.Draft().View();
        Assert.True(StatementAccess.MaySee(draft, Given.InitiatorRep));
        Assert.True(StatementAccess.MaySee(draft, Given.Organiser));
        Assert.False(StatementAccess.MaySee(draft, Given.OutsiderRep));
        Assert.False(StatementAccess.MaySee(draft, null));

        var open = Given.Draft().Opened();
        Assert.True(StatementAccess.MaySee(open.View(), Given.OutsiderRep));
        Assert.False(StatementAccess.MaySee(open.View(), null));
        Assert.False(StatementAccess.MaySee(open.View(), new Actor(Guid.CreateVersion7(), Roles.Delegate, null, Guid.CreateVersion7())));

        Assert.True(StatementAccess.MaySee(open.SignedBy(Given.Signer).Published().View(), null));
    }

    /// <summary>The export goes through the one CSV writer: a byte-order mark once, RFC 4180 quoting, formulas defused.</summary>
    [Theory]
    [InlineData("Marcha Patriótica", "Marcha Patriótica")]
    [InlineData("Frente \"Unido\", Sur", "\"Frente \"\"Unido\"\", Sur\"")]
    [InlineData("dos\nlíneas", "\"dos\nlíneas\"")]
    [InlineData("Sur; Norte", "\"Sur; Norte\"")]
    [InlineData(" Sur ", "\" Sur \"")]
    [InlineData("=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\"")]
    [InlineData("", "")]
    public void the_signatories_csv_escapes_movement_names(string movement, string field)
    {
        var line = new SignatureLine(Given.Signer, movement, "VE", 1, Given.Now.AddMilliseconds(250), Current: false);
        var csv = CsvFile.Write(StatementQueries.CsvHeader, [StatementQueries.CsvRow(line)]);
        var expected = $"movement,country,revision_signed,signed_at,supports_current_revision\r\n{field},VE,1,2026-11-28T12:00:00Z,no\r\n";
        Assert.Equal([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(expected)], csv);
    }
}
