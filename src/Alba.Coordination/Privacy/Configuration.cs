using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;

namespace Alba.Coordination.Privacy;

public static class PrivacyConfiguration
{
    /// <summary>
    /// The master key is ASP.NET Core Data Protection's key ring, the one the partners' secrets use: kept in
    /// <c>Alba:DataProtection:KeysDirectory</c> (a directory every node shares, set up with the partners), encrypted at rest
    /// with the certificate in <c>Alba:DataProtection:Certificate</c> (a PKCS#12 file; its password in
    /// <c>Alba:DataProtection:CertificatePassword</c>). Without them (development, tests) Data Protection's default applies:
    /// the user profile's key ring (~/.aspnet/DataProtection-Keys), not encrypted, with a warning in the log. See docs/privacy.md.
    /// </summary>
    public static void AddAlbaPrivacy(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        if (configuration["Alba:DataProtection:Certificate"] is { Length: > 0 } certificatePath)
        {
            var certificate = X509CertificateLoader.LoadPkcs12FromFile(certificatePath, configuration["Alba:DataProtection:CertificatePassword"]);
            builder.Services.AddDataProtection().ProtectKeysWithCertificate(certificate).UnprotectKeysWithAnyCertificate(certificate);
        }
        builder.Services.AddSingleton<PersonalVault>();
        builder.Services.AddSingleton<RetentionSweep>();
        // Before the host serves requests: no reader meets a record of the first, clear shape.
        builder.Services.AddHostedService<PersonalDataMigration>();
        builder.Services.AddHostedService<RetentionSchedule>();
    }
}
