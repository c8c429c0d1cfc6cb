using Alba.Coordination.Tests.Support;

namespace Alba.Coordination.Tests.Statements;

/// <summary>
/// Every write on a statement raced against its publication through the real host, many rounds each: the write either
/// lands before the publication (and the publication reflects it, or is refused because of it) or is refused as
/// published. Nothing is ever appended after <c>StatementPublished</c>.
/// </summary>
[Collection(AppCollection.Name)]
public class writes_racing_the_publication_of_a_statement(AppFixture app)
{
    private const int Rounds = 8;

    public enum Write { Revise, Sign, Translate, Withdraw, ReopenSignature }

    [Theory]
    [InlineData(Write.Revise)]
    [InlineData(Write.Sign)]
    [InlineData(Write.Translate)]
    [InlineData(Write.Withdraw)]
    [InlineData(Write.ReopenSignature)]
    public async Task a_write_lands_wholly_before_the_publication_or_is_refused_as_published(Write write)
    {
        var initiator = await app.Host.AParty();
        var cosigner = await app.Host.AParty();
        for (var round = 0; round < Rounds; round++)
        {
            var id = await app.Host.AnOpenStatement(initiator);
            Assert.Equal(201, (await app.Host.Sign(id, initiator, 1)).Status);

            var writing = write switch
            {
                Write.Revise => app.Host.Revise(id, initiator.Rep, 1, "Texto corregido."),
                Write.Sign => app.Host.Sign(id, cosigner, 1),
                Write.Translate => app.Host.Post($"/api/statements/{id}/translations",
                    new { language = "pt", title = "Declaração", body = "Denunciamos o massacre.", sourceRevision = 1 }, initiator.Rep),
                Write.Withdraw => app.Host.Delete($"/api/statements/{id}/signatures/{initiator.MovementId}", initiator.Rep),
                Write.ReopenSignature => app.Host.OpenForSignature(id, initiator.Rep, DateTimeOffset.UtcNow.AddDays(3)),
                _ => throw new ArgumentOutOfRangeException(nameof(write)),
            };
            var publishing = app.Host.Publish(id, initiator.Rep);
            await Task.WhenAll(writing, publishing);
            var (written, published) = (await writing, await publishing);

            var kinds = (await app.Host.History(id, initiator.Rep)).Select(e => e!["kind"]!.GetValue<string>()).ToList();
            var statement = await app.Host.Statement(id, initiator.Rep);
            if (written.Status is 409 && published.Status is 200)
            {
                Assert.Matches(@"^The statement was published \(revision 1\) on .+; its text and signatories are frozen\.$", written.Get<string>("detail"));
                Assert.Equal("StatementPublished", kinds[^1]);
                Assert.Equal([initiator.MovementId], statement.MovementIds("signatories"));
                continue;
            }

            Assert.True(written.Status is 200 or 201, $"round {round}: {write} answered {written.Status}, publication {published.Status}");
            // The write came first; what the publication then decided follows from it alone.
            switch (write)
            {
                case Write.Revise:
                    Assert.Equal((409, "No movement has signed revision 2, the current text; a statement needs at least one signatory."),
                        (published.Status, published.Get<string>("detail")));
                    Assert.Equal(("StatementRevised", "open"), (kinds[^1], statement["status"]!.GetValue<string>()));
                    break;
                case Write.Withdraw:
                    Assert.Equal((409, "No movement has signed revision 1, the current text; a statement needs at least one signatory."),
                        (published.Status, published.Get<string>("detail")));
                    Assert.Equal("StatementSignatureWithdrawn", kinds[^1]);
                    break;
                case Write.Sign:
                    Assert.Equal(200, published.Status);
                    Assert.Equal("StatementPublished", kinds[^1]);
                    Assert.Equal(new[] { initiator.MovementId, cosigner.MovementId }.Order(), statement.MovementIds("signatories").Order());
                    break;
                case Write.Translate or Write.ReopenSignature:
                    Assert.Equal(200, published.Status);
                    Assert.Equal(["StatementPublished"], kinds.SkipWhile(k => k != "StatementPublished"));
                    Assert.Equal([initiator.MovementId], statement.MovementIds("signatories"));
                    break;
            }
        }
    }
}
