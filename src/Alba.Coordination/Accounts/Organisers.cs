using Alba.Coordination.Privacy;
using JasperFx.CommandLine;

namespace Alba.Coordination.Accounts;

/// <summary>Creates organiser accounts: at start from configuration, or from the command line.</summary>
public sealed class Organisers(IDocumentStore store, PersonalVault vault, Passwords passwords, TimeProvider clock)
{
    public enum Outcome { Created, AlreadyExists }

    public async Task<Outcome> EnsureAsync(string email, string password, string fullName, CancellationToken cancellationToken)
    {
        var normalised = Validation.NormaliseEmail(email);
        if (!Validation.IsEmail(normalised)) throw new ArgumentException($"'{email}' is not a valid email address.");
        if (Passwords.Weakness(password) is { } weakness) throw new ArgumentException(weakness);

        await using var session = store.LightweightSession();
        if (await AccountPeople.WithEmail(session, vault, normalised) is not null) return Outcome.AlreadyExists;
        var now = clock.GetUtcNow();
        var (account, key) = await AccountPeople.New(vault, Guid.CreateVersion7(), fullName, normalised, Roles.Organiser, null, now);
        account.ActivatedAt = now;
        account.Stamp = Secrets.NewStamp();
        account.PasswordHash = passwords.Hash(account, password);
        session.Insert(key);
        session.Insert(account);
        await session.SaveChangesAsync(cancellationToken);
        return Outcome.Created;
    }
}

/// <summary>ALBA_ORGANISER_EMAIL / ALBA_ORGANISER_PASSWORD: the first organiser, created at start if absent.</summary>
public sealed class FirstOrganiserOnStart(Organisers organisers, IConfiguration configuration, ILogger<FirstOrganiserOnStart> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var email = configuration["ALBA_ORGANISER_EMAIL"];
        var password = configuration["ALBA_ORGANISER_PASSWORD"];
        if (string.IsNullOrWhiteSpace(email) || string.IsNullOrEmpty(password)) return;
        try
        {
            var outcome = await organisers.EnsureAsync(email, password, "Organiser", cancellationToken);
            if (outcome == Organisers.Outcome.Created) logger.LogInformation("Created the first organiser account (ALBA_ORGANISER_EMAIL)");
        }
        catch (MasterKeyUnavailableException ex)
        {
            // A node whose key ring cannot be opened still serves what holds nothing personal (docs/privacy.md): the
            // e-mail's index needs the ring, so the check waits for a start that has it instead of stopping this one.
            logger.LogError(ex, "The first organiser (ALBA_ORGANISER_EMAIL) was not checked: the key ring cannot be opened");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

public sealed class AddOrganiserInput : NetCoreInput
{
    [Description("The organiser's email address")]
    public string Email { get; set; } = "";

    [Description("The organiser's full name")]
    public string NameFlag { get; set; } = "Organiser";
}

[Description("Adds an organiser account; the password is read from standard input (or ALBA_NEW_ORGANISER_PASSWORD)", Name = "add-organiser")]
public sealed class AddOrganiserCommand : JasperFxAsyncCommand<AddOrganiserInput>
{
    public override async Task<bool> Execute(AddOrganiserInput input)
    {
        var password = Environment.GetEnvironmentVariable("ALBA_NEW_ORGANISER_PASSWORD");
        if (string.IsNullOrEmpty(password))
        {
            Console.Error.Write("Password: ");
            password = Console.ReadLine() ?? "";
        }
        using var host = input.BuildHost();
        var organisers = host.Services.GetRequiredService<Organisers>();
        try
        {
            var outcome = await organisers.EnsureAsync(input.Email, password, input.NameFlag, CancellationToken.None);
            Console.WriteLine(outcome == Organisers.Outcome.Created ? $"Organiser {input.Email} created." : $"An account {input.Email} already exists.");
            return true;
        }
        catch (ArgumentException ex)
        {
            Console.Error.WriteLine(ex.Message);
            return false;
        }
    }
}
