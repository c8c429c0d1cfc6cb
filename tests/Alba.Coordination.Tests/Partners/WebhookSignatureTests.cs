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
}
