using Alba.Coordination.Partners;

namespace Alba.Coordination.Tests.Partners;

public class a_webhook_signature
{
    [Fact]
    public void matches_the_standard_webhooks_reference_example()
    {
        // The example of the Standard Webhooks specification (github.com/standard-webhooks).
        var signature = WebhookSignature.Sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330,
            "{\"test\": 2432232314}");
        Assert.Equal("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", signature);
    }

    [Fact]
    public void changes_with_the_body_the_id_or_the_time()
    {
        var secret = WebhookSignature.NewSecret();
        var signature = WebhookSignature.Sign(secret, "msg_1", 1700000000, "{}");
        Assert.NotEqual(signature, WebhookSignature.Sign(secret, "msg_1", 1700000000, "{ }"));
        Assert.NotEqual(signature, WebhookSignature.Sign(secret, "msg_2", 1700000000, "{}"));
        Assert.NotEqual(signature, WebhookSignature.Sign(secret, "msg_1", 1700000001, "{}"));
        Assert.NotEqual(signature, WebhookSignature.Sign(WebhookSignature.NewSecret(), "msg_1", 1700000000, "{}"));
    }

    private static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    [Fact]
    public void verifies_a_request_signed_with_the_secret_within_the_tolerance()
    {
        var secret = WebhookSignature.NewSecret();
        var now = DateTimeOffset.FromUnixTimeSeconds(1700000000);
        var signedEarlier = now.AddMinutes(-4).ToUnixTimeSeconds();
        var signature = WebhookSignature.Sign(secret, "req_1", signedEarlier, "{}");

        Assert.Null(WebhookSignature.Refusal(secret, "req_1", signedEarlier.ToString(), "{}", signature, now, Tolerance));
        // A partner rotating its secret may send several signatures: one that matches is enough.
        Assert.Null(WebhookSignature.Refusal(secret, "req_1", signedEarlier.ToString(), "{}", $"v1,bm90IHRoaXMgb25l {signature}", now, Tolerance));
    }

    [Theory]
    [InlineData("req_2", "1700000000", "{}", "does not match")]
    [InlineData("req_1", "1700000000", "{ }", "does not match")]
    [InlineData("req_1", "1699999699", "{}", "away from the server's time")]
    [InlineData("req_1", "1700000301", "{}", "away from the server's time")]
    [InlineData("req_1", "-1700000000", "{}", "Unix seconds")]
    [InlineData("req_1", "soon", "{}", "Unix seconds")]
    public void refuses_another_id_body_or_a_time_out_of_the_tolerance(string id, string timestamp, string body, string why)
    {
        const string secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        var now = DateTimeOffset.FromUnixTimeSeconds(1700000000);
        var signatures = string.Join(' ', new[] { 1699999699L, 1700000000L, 1700000301L }.Select(t => WebhookSignature.Sign(secret, "req_1", t, "{}")));

        Assert.Contains(why, WebhookSignature.Refusal(secret, id, timestamp, body, signatures, now, Tolerance));
    }

    [Fact]
    public void refuses_a_signature_made_with_another_secret()
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(1700000000);
        var signature = WebhookSignature.Sign(WebhookSignature.NewSecret(), "req_1", 1700000000, "{}");

        Assert.Contains("does not match", WebhookSignature.Refusal(WebhookSignature.NewSecret(), "req_1", "1700000000", "{}", signature, now, Tolerance));
    }
}
