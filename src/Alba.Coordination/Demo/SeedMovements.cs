namespace Alba.Coordination.Demo;

/// <summary>The member movements, each with a representative whose invitation is already accepted.</summary>
public sealed class SeedMovements : IDemoStep
{
    public int Order => 10;

    public async Task RunAsync(DemoContext demo, CancellationToken cancellationToken)
    {
        foreach (var seed in DemoMovements.All)
        {
            var created = await demo.Post("/api/movements", new { seed.Name, seed.Country, seed.Region, seed.Sector });
            var movementId = Guid.Parse(created!["movementId"]!.GetValue<string>());
            var email = $"{seed.Slug}@alba.example";
            var invited = await demo.Post($"/api/movements/{movementId}/representatives", new { fullName = $"Representative of {seed.Name}", email });
            await demo.Post($"/api/auth/invitations/{invited!["invitationCode"]!.GetValue<string>()}/acceptance",
                new { password = DemoContext.RepresentativePassword });
            var login = await demo.Post("/api/auth/login", new { email, password = DemoContext.RepresentativePassword });
            demo.Movements.Add(new DemoMovement(movementId, seed.Name, seed.Country, email, login!["accessToken"]!.GetValue<string>()));
        }
        demo.Notes.Add($"Representatives: <slug>@alba.example / {DemoContext.RepresentativePassword}, e.g. {demo.Movements[0].RepresentativeEmail}");
    }
}
