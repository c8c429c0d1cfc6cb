using Alba.Coordination.Infrastructure;
using Alba.Coordination.Sessions;

namespace Alba.Coordination.Tests.Sessions;

public class chair_setting_decisions
{
    [Fact]
    public void the_speaking_time_is_recorded_once_per_change_and_shows_in_the_view()
    {
        var session = States.OpenSession();
        var set = SetSpeakingTimeEndpoint.Decide(session, new SetSpeakingTime(180), States.Chair, States.Now);
        Assert.Equal([new SpeakingTimeSet(session.Id, States.AssemblyId, 180, States.Chair.Id, States.Now)], set.Events);

        var after = States.ApplyAll(session, set);
        Assert.Equal(180, after.SpeakingTimeSeconds);
        var again = SetSpeakingTimeEndpoint.Decide(after, new SetSpeakingTime(180), States.Chair, States.Now);
        Assert.False(again.IsRefused);
        Assert.Empty(again.Events);

        var view = new SessionView();
        SessionViewProjection.Apply((SpeakingTimeSet)set.Events.Single(), view);
        Assert.Equal(180, view.SpeakingTimeSeconds);
    }

    [Fact]
    public void the_speaking_time_may_be_set_before_opening_but_not_after_adjournment_and_stays_within_an_hour()
    {
        Assert.Single(SetSpeakingTimeEndpoint.Decide(States.Session(), new SetSpeakingTime(120), States.Chair, States.Now).Events);
        var adjourned = States.OpenSession(new SessionAdjourned(Guid.Empty, States.AssemblyId, States.Chair.Id, States.Now));
        Assert.Equal(409, States.Status(SetSpeakingTimeEndpoint.Decide(adjourned, new SetSpeakingTime(120), States.Chair, States.Now)));

        Assert.Equal(400, SetSpeakingTimeEndpoint.Validate(new SetSpeakingTime(-1)).Status);
        Assert.Equal(400, SetSpeakingTimeEndpoint.Validate(new SetSpeakingTime(SetSpeakingTimeEndpoint.MaxSeconds + 1)).Status);
        Assert.True(Problems.IsOk(SetSpeakingTimeEndpoint.Validate(new SetSpeakingTime(0))));
    }

    [Fact]
    public void the_projector_language_is_one_of_the_apps_four_and_recorded_once_per_change()
    {
        var session = States.OpenSession();
        var set = SetSessionLanguageEndpoint.Decide(session, new SetSessionLanguage("pt"), States.Chair, States.Now);
        Assert.Equal([new SessionLanguageSet(session.Id, States.AssemblyId, "pt", States.Chair.Id, States.Now)], set.Events);
        Assert.Empty(SetSessionLanguageEndpoint.Decide(States.ApplyAll(session, set), new SetSessionLanguage("pt"), States.Chair, States.Now).Events);

        var adjourned = States.OpenSession(new SessionAdjourned(Guid.Empty, States.AssemblyId, States.Chair.Id, States.Now));
        Assert.Equal(409, States.Status(SetSessionLanguageEndpoint.Decide(adjourned, new SetSessionLanguage("fr"), States.Chair, States.Now)));
        Assert.Equal(400, SetSessionLanguageEndpoint.Validate(new SetSessionLanguage("de")).Status);
        Assert.True(Problems.IsOk(SetSessionLanguageEndpoint.Validate(new SetSessionLanguage("fr"))));
    }

    [Fact]
    public void agenda_items_are_appended_so_every_shown_index_keeps_its_item()
    {
        var session = States.OpenSession(new AgendaItemTaken(Guid.Empty, States.AssemblyId, 1, "Informe", States.Chair.Id, States.Now));
        var added = AddAgendaItemEndpoint.Decide(session, new AddAgendaItem(" Varios "), States.Chair, States.Now);
        Assert.Equal([new AgendaItemAdded(session.Id, States.AssemblyId, 3, "Varios", States.Chair.Id, States.Now)], added.Events);
        var after = States.ApplyAll(session, added);
        Assert.Equal(["Apertura", "Informe", "Declaración", "Varios"], after.Agenda.ToArray());
        Assert.Equal(1, after.CurrentAgendaIndex);

        var adjourned = States.OpenSession(new SessionAdjourned(Guid.Empty, States.AssemblyId, States.Chair.Id, States.Now));
        Assert.Equal(409, States.Status(AddAgendaItemEndpoint.Decide(adjourned, new AddAgendaItem("Otro"), States.Chair, States.Now)));
        var full = Enumerable.Range(0, ScheduleSessionEndpoint.MaxAgendaItems - 3)
            .Aggregate(session, (s, i) => States.ApplyAll(s, AddAgendaItemEndpoint.Decide(s, new AddAgendaItem($"Punto {i}"), States.Chair, States.Now)));
        Assert.Equal(409, States.Status(AddAgendaItemEndpoint.Decide(full, new AddAgendaItem("Uno más"), States.Chair, States.Now)));
        Assert.Equal(400, AddAgendaItemEndpoint.Validate(new AddAgendaItem(" ")).Status);
    }
}
