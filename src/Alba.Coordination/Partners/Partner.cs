using Alba.Coordination.Live;
using Microsoft.AspNetCore.DataProtection;
using Wolverine;

namespace Alba.Coordination.Partners;

/// <summary>What a partner wants delivered, beyond the kinds: one call, some countries, one language.</summary>
public sealed record PartnerFilter(Guid? MobilisationId = null, string[]? Countries = null, string? Language = null);

/// <summary>
/// A partner site and what it wants. Configuration, like an account, not part of the record: a plain document.
/// The signing secret is kept only protected (ASP.NET Core Data Protection, whose keys live outside the
/// database), since signing needs the secret itself, not a hash of it.
/// </summary>
public sealed class Partner
{
    public Guid Id { get; set; }
    public string Name { get; set; } = "";
    public string Url { get; set; } = "";
    /// <summary>Empty: every public kind.</summary>
    public string[] Kinds { get; set; } = [];
    public PartnerFilter Filter { get; set; } = new();
    public string ProtectedSecret { get; set; } = "";
    public Guid RegisteredBy { get; set; }
    public DateTimeOffset RegisteredAt { get; set; }

    public bool Wants(string kind) => Kinds.Length == 0 ? PartnerKinds.Public.Contains(kind) : Kinds.Contains(kind);
}

public static class PartnersConfiguration
{
    public static void ConfigurePartners(this StoreOptions options)
    {
        options.Schema.For<PartnerDelivery>().Index(d => d.PartnerId).Index(d => d.Position);
        options.Schema.For<PartnerRequestSeen>().Index(r => r.ForgetAfter);
    }
}

public static class PartnersServices
{
    public static void AddAlbaPartners(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<PartnerDirectory>();
        services.AddSingleton<PartnerOutbox>();
        services.AddSingleton<PartnerRounds>();
        services.AddSingleton<ILivePublisher, LiveAndPartnersPublisher>();
        services.Configure<PartnerDeliveryOptions>(configuration.GetSection("Alba:Partners"));
        services.AddHttpClient(PartnerDeliveryHandler.HttpClientName);
        services.AddHostedService<PartnerDeliverySweep>();
        services.AddPartnerAccess();
        // Signing secrets are stored protected; the key ring lives outside the database (a directory every node shares).
        var keys = services.AddDataProtection().SetApplicationName("Alba.Coordination");
        if (configuration["Alba:DataProtection:KeysDirectory"] is { Length: > 0 } directory) keys.PersistKeysToFileSystem(new DirectoryInfo(directory));
    }

    /// <summary>
    /// Wake-ups go through a durable local queue handling several partners at once (one slow partner holds one of them);
    /// <see cref="PartnerRounds"/> and <see cref="PartnerRoundLock"/> keep each partner to one round at a time.
    /// </summary>
    public static void UsePartnerDeliveries(this WolverineOptions options) =>
        options.LocalQueueFor<DeliverToPartner>().MaximumParallelMessages(PartnerDeliveryOptions.PartnersAtOnce);
}
