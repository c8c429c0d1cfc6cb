using System.Text;
using System.Text.Encodings.Web;
using JasperFx;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace Alba.Coordination.Partners;

/// <summary>
/// How a partner authenticates its own requests (replay, its deliveries): the Standard Webhooks convention in the other
/// direction. The request carries <c>webhook-id</c>, <c>webhook-timestamp</c> and <c>webhook-signature</c>, signed with the
/// partner's own secret; the partner is the one in the route, so another partner's secret never verifies.
/// </summary>
public static class PartnerAccess
{
    /// <summary>The scheme verifying a partner's signature.</summary>
    public const string SignatureScheme = "PartnerSignature";
    /// <summary>The scheme of the routes organisers and partners share: a signed request is a partner's, any other an organiser's token.</summary>
    public const string OrganiserOrPartner = "OrganiserOrPartner";
    public const string Role = "partner";
    public const string OrganiserOrPartnerRoles = Roles.Organiser + "," + Role;

    /// <summary>How far a request's timestamp may be from the server's clock, either way.</summary>
    public static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    /// <summary>A partner's request is a replay or a listing: a few hundred bytes. Anything much larger is not one.</summary>
    public const int MaxBodyBytes = 16 * 1024;
    public const int MaxIdLength = 200;

    public static void AddPartnerAccess(this IServiceCollection services) =>
        services.AddAuthentication()
            .AddPolicyScheme(OrganiserOrPartner, "An organiser's token or a partner's signature", options =>
                options.ForwardDefaultSelector = context =>
                    context.Request.Headers.ContainsKey("webhook-signature") ? SignatureScheme : JwtBearerDefaults.AuthenticationScheme)
            .AddScheme<AuthenticationSchemeOptions, PartnerSignatureHandler>(SignatureScheme, null);
}

/// <summary>A webhook id the partner already used, kept until its timestamp is out of the tolerance (a request that old is refused anyway).</summary>
public sealed class PartnerRequestSeen
{
    public string Id { get; set; } = "";
    public DateTimeOffset ForgetAfter { get; set; }

    public static string IdOf(Guid partnerId, string webhookId) => $"{partnerId:N}/{webhookId}";
}

/// <summary>Why a partner's request was not authenticated; an unknown partner is a 404, like on the organiser's way.</summary>
public sealed class PartnerRequestRefused(ProblemDetails problem) : Exception(problem.Detail)
{
    public ProblemDetails Problem { get; } = problem;
}

/// <summary>
/// Verifies a partner's signed request: the partner in the route exists, the timestamp is within
/// <see cref="PartnerAccess.Tolerance"/>, the signature over the raw body is that partner's, and its webhook id was never
/// used before (recorded here, so a captured request cannot be sent again, even at the same moment on another node).
/// </summary>
public sealed class PartnerSignatureHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    IDocumentStore store, IDataProtectionProvider protection, TimeProvider clock)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue("webhook-signature", out var signatures)) return AuthenticateResult.NoResult();
        var id = Request.Headers["webhook-id"].ToString();
        var timestamp = Request.Headers["webhook-timestamp"].ToString();
        if (id.Length == 0 || timestamp.Length == 0)
            return Refuse(Problems.Unauthorized("A signed request carries 'webhook-id', 'webhook-timestamp' and 'webhook-signature'."));
        if (id.Length > PartnerAccess.MaxIdLength)
            return Refuse(Problems.Unauthorized($"'webhook-id' is longer than {PartnerAccess.MaxIdLength} characters."));
        if (!Guid.TryParse(Context.GetRouteValue("id")?.ToString(), out var partnerId))
            return Refuse(Problems.Unauthorized("Only a partner's own routes accept its signature."));

        await using var session = store.LightweightSession();
        if (await session.LoadAsync<Partner>(partnerId, Context.RequestAborted) is not { } partner)
            return Refuse(Problems.NotFound($"No partner has id {partnerId}."));
        if (Request.ContentLength > PartnerAccess.MaxBodyBytes)
            return Refuse(Problems.Unauthorized($"A partner's signed request has a body of at most {PartnerAccess.MaxBodyBytes} bytes."));
        var body = await RawBody();
        var secret = PartnerSecrets.Protector(protection).Unprotect(partner.ProtectedSecret);
        var now = clock.GetUtcNow();
        if (WebhookSignature.Refusal(secret, id, timestamp, body, signatures.ToString(), now, PartnerAccess.Tolerance) is { } refusal)
            return Refuse(Problems.Unauthorized(refusal));

        session.DeleteWhere<PartnerRequestSeen>(seen => seen.ForgetAfter < now);
        session.Insert(new PartnerRequestSeen
        {
            Id = PartnerRequestSeen.IdOf(partnerId, id), ForgetAfter = DateTimeOffset.FromUnixTimeSeconds(long.Parse(timestamp)) + PartnerAccess.Tolerance,
        });
        try
        {
            await session.SaveChangesAsync(Context.RequestAborted);
        }
        catch (DocumentAlreadyExistsException)
        {
            return Refuse(Problems.Unauthorized($"'webhook-id' {id} was used already: each request needs an id of its own."));
        }

        var identity = new ClaimsIdentity([new Claim(AlbaClaims.Subject, partnerId.ToString()), new Claim(AlbaClaims.Role, PartnerAccess.Role)],
            Scheme.Name, AlbaClaims.Subject, AlbaClaims.Role);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        await Problems.WriteAsync(Context, result.Failure is PartnerRequestRefused refused
            ? refused.Problem
            : Problems.Unauthorized("Sign the request with the partner's secret ('webhook-id', 'webhook-timestamp', 'webhook-signature')."));
    }

    /// <summary>The body exactly as received (what was signed), left readable for the endpoint.</summary>
    private async Task<string> RawBody()
    {
        Request.EnableBuffering();
        using var reader = new StreamReader(Request.Body, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, leaveOpen: true);
        var body = await reader.ReadToEndAsync(Context.RequestAborted);
        Request.Body.Position = 0;
        return body;
    }

    private static AuthenticateResult Refuse(ProblemDetails problem) => AuthenticateResult.Fail(new PartnerRequestRefused(problem));
}
