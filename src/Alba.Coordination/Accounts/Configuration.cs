using Marten.Schema;

namespace Alba.Coordination.Accounts;

public static class AccountsConfiguration
{
    public static void ConfigureAccounts(this StoreOptions options)
    {
        options.Schema.For<Account>().UniqueIndex(UniqueIndexType.Computed, "ux_account_email_index", a => a.EmailIndex!);
        // Two acceptances racing on one invitation: the second save fails the version check (409).
        options.Schema.For<Invitation>().UseOptimisticConcurrency(true);
        options.Schema.For<DelegateCredential>().Index(c => c.DelegateId);
    }
}
