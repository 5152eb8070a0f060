using OrleansPersonalization.Domain.Consent;

namespace OrleansPersonalization.Tests.Domain;

public class ConsentLedgerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 29, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Every_purpose_is_off_until_granted()
    {
        Assert.All(Purposes.All, p => Assert.False(ConsentLedger.Empty.IsGranted(p.Id)));
        Assert.Equal(ConsentDecision.NeverDecided, ConsentLedger.Empty.DecisionFor(Purposes.Personalization));
    }

    [Fact]
    public void A_grant_records_when_under_which_policy_and_from_where()
    {
        var ledger = ConsentLedger.Empty.Apply(new Dictionary<string, bool> { [Purposes.Personalization] = true }, "2026-11", "banner", T0, 100);

        Assert.True(ledger.IsGranted(Purposes.Personalization));
        Assert.False(ledger.IsGranted(Purposes.ModelTraining));
        Assert.Equal(new ConsentChange(Purposes.Personalization, true, T0, "2026-11", "banner"), Assert.Single(ledger.History));
    }

    [Fact]
    public void A_purpose_left_out_keeps_its_value()
    {
        var ledger = ConsentLedger.Empty
            .Apply(new Dictionary<string, bool> { [Purposes.Personalization] = true, [Purposes.ModelTraining] = true }, "v1", "s", T0, 100)
            .Apply(new Dictionary<string, bool> { [Purposes.ModelTraining] = false }, "v1", "s", T0.AddHours(1), 100);

        Assert.True(ledger.IsGranted(Purposes.Personalization));
        Assert.False(ledger.IsGranted(Purposes.ModelTraining));
        Assert.Equal(3, ledger.History.Count);
    }

    [Fact]
    public void Repeating_the_same_decision_is_not_a_change_but_a_new_policy_version_is()
    {
        var grant = new Dictionary<string, bool> { [Purposes.Personalization] = true };
        var once = ConsentLedger.Empty.Apply(grant, "v1", "s", T0, 100);
        var repeated = once.Apply(grant, "v1", "s", T0.AddMinutes(1), 100);
        var reconsented = repeated.Apply(grant, "v2", "s", T0.AddMinutes(2), 100);

        Assert.Single(repeated.History);
        Assert.Equal(T0, repeated.DecisionFor(Purposes.Personalization).At);
        Assert.Equal(2, reconsented.History.Count);
        Assert.Equal("v2", reconsented.DecisionFor(Purposes.Personalization).PolicyVersion);
    }

    [Fact]
    public void History_is_bounded_and_drops_the_oldest_entries_first()
    {
        var ledger = ConsentLedger.Empty;
        for (var i = 0; i < 10; i++)
        {
            ledger = ledger.Apply(new Dictionary<string, bool> { [Purposes.Personalization] = i % 2 == 0 }, "v", "s", T0.AddMinutes(i), 4);
        }

        Assert.Equal(4, ledger.History.Count);
        Assert.Equal(T0.AddMinutes(6), ledger.History[0].At);
        Assert.Equal(T0.AddMinutes(9), ledger.History[^1].At);
        Assert.False(ledger.IsGranted(Purposes.Personalization));
    }

    [Fact]
    public void Unknown_purposes_are_refused()
    {
        Assert.Throws<ArgumentException>(() =>
            ConsentLedger.Empty.Apply(new Dictionary<string, bool> { ["marketing"] = true }, "v", "s", T0, 10));
    }
}
