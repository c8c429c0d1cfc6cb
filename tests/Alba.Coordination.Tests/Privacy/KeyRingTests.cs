using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Alba;
using Alba.Coordination.Tests.Delegates;
using Alba.Coordination.Tests.Support;

namespace Alba.Coordination.Tests.Privacy;

/// <summary>
/// The master key is Data Protection's key ring (docs/privacy.md, "The master key"): kept encrypted with a certificate, and
/// what the app answers when it has the ring's directory but cannot open it.
/// </summary>
public sealed class the_master_key_ring
{
    private const string CertificatePassword = "anillo-de-claves";
    // Shared by the three hosts, as by the nodes of a deployment, so a token made by one is accepted by the others.
    private const string SigningKey = "a signing key shared by the three hosts of this test";

    [Fact]
    public async Task encrypted_with_a_certificate_opens_only_with_it()
    {
        var database = await TestDatabase.FreshConnectionStringAsync("privacy_ring");
        var ring = Directory.CreateTempSubdirectory("alba-ring-");
        var certificate = Path.Combine(ring.Parent!.FullName, $"alba-ring-{Guid.NewGuid():N}.pfx");
        using (var rsa = RSA.Create(2048))
        {
            var request = new CertificateRequest("CN=Alba key ring", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var selfSigned = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
            await File.WriteAllBytesAsync(certificate, selfSigned.Export(X509ContentType.Pkcs12, CertificatePassword));
        }
        try
        {
            var fullName = $"Lolita Chávez {Guid.NewGuid():N}";
            Guid assemblyId, delegateId;
            Caller organiser;
            await using (var host = await Start(database, ring, certificate))
            {
                organiser = await host.Organiser();
                assemblyId = await host.AnAssembly();
                delegateId = (await host.ARegisteredDelegate(assemblyId, fullName: fullName)).Id;
                Assert.Equal(fullName, (await host.Get($"/api/delegates/{delegateId}", organiser)).Get<string>("fullName"));
            }
            // On disk every key of the ring is encrypted with the certificate: no key in clear.
            var keys = ring.GetFiles("key-*.xml");
            Assert.NotEmpty(keys);
            Assert.All(keys, key =>
            {
                var xml = File.ReadAllText(key.FullName);
                Assert.Contains("EncryptedXmlDecryptor", xml);
                Assert.DoesNotContain("<value>", xml);
            });

            // The directory alone, without the certificate, is a ring the app cannot open: a node started so serves what holds
            // nothing personal and answers a person's data 503, as for any dependency that is down, naming no one.
            await using (var host = await Start(database, ring, certificate: null))
            {
                Assert.Equal(200, (await host.Get($"/api/assemblies/{assemblyId}")).Status);
                var person = await host.Get($"/api/delegates/{delegateId}", organiser);
                Assert.Equal(503, person.Status);
                Assert.NotNull(person.Response.Headers.RetryAfter);
                Assert.Contains("key that opens people's data", person.Body?["detail"]?.GetValue<string>());
                Assert.DoesNotContain(fullName, person.Body?.ToJsonString() ?? "");
            }

            await using (var host = await Start(database, ring, certificate))
                Assert.Equal(fullName, (await host.Get($"/api/delegates/{delegateId}", organiser)).Get<string>("fullName"));
        }
        finally
        {
            ring.Delete(recursive: true);
            File.Delete(certificate);
        }
    }

    private static Task<IAlbaHost> Start(string database, DirectoryInfo ring, string? certificate) =>
        AlbaHost.For<Program>(builder =>
        {
            builder.UseSetting("ALBA_DB", database);
            builder.UseSetting("Alba:Jwt:SigningKey", SigningKey);
            builder.UseSetting("Alba:DataProtection:KeysDirectory", ring.FullName);
            // The first organiser is looked up at start by its e-mail's index, whose key the ring wraps: a host that cannot
            // open the ring must still start.
            builder.UseSetting("ALBA_ORGANISER_EMAIL", AppFixture.OrganiserEmail);
            builder.UseSetting("ALBA_ORGANISER_PASSWORD", AppFixture.OrganiserPassword);
            if (certificate is not null)
            {
                builder.UseSetting("Alba:DataProtection:Certificate", certificate);
                builder.UseSetting("Alba:DataProtection:CertificatePassword", CertificatePassword);
            }
        });
}
