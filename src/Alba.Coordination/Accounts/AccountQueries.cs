using Alba.Coordination.Movements;
using Alba.Coordination.Privacy;

namespace Alba.Coordination.Accounts;

public enum AccountStatus { Invited, Active, Deactivated, Erased }

/// <summary>
/// An organiser's or a representative's account as the console lists it. Once erased, <c>fullName</c> reads
/// "erased person" with <c>personalDataErased</c> set (the page says it in its reader's language) and no e-mail.
/// <c>isCaller</c> marks the organiser's own account, which it may not erase or deactivate.
/// </summary>
public sealed record AccountListItem(Guid Id, string Role, Guid? MovementId, string? MovementName, string FullName, string? Email,
    AccountStatus Status, DateTimeOffset CreatedAt, DateTimeOffset? DeactivatedAt, DateTimeOffset? ErasedAt, bool PersonalDataErased, bool IsCaller);

public static class AccountQueries
{
    /// <summary>Every account, organisers first, then by movement and name; names and e-mails opened with each account's key.</summary>
    [WolverineGet("/api/accounts", Name = "ListAccounts"), Authorize(Roles = Roles.Organiser)]
    public static async Task<IReadOnlyList<AccountListItem>> List(ClaimsPrincipal user, IQuerySession session, PersonalVault vault,
        CancellationToken cancellationToken)
    {
        var accounts = await session.Query<Account>().ToListAsync(cancellationToken);
        var people = await vault.OpenManyAsync(session, accounts.Select(a => (a.Id, a.Sealed)).ToList());
        var movements = (await session.LoadManyAsync<MovementView>(cancellationToken,
            accounts.Where(a => a.MovementId is not null).Select(a => a.MovementId!.Value).Distinct())).ToDictionary(m => m.Id, m => m.Name);
        var caller = user.Actor().Id;
        return accounts
            .Select(a => (Account: a, Person: people[a.Id]))
            .Select(x => new AccountListItem(x.Account.Id, x.Account.Role, x.Account.MovementId,
                x.Account.MovementId is { } movement ? movements.GetValueOrDefault(movement) : null, x.Person.FullName, x.Person.Email,
                StatusOf(x.Account), x.Account.CreatedAt, x.Account.DeactivatedAt, x.Account.ErasedAt, x.Person.Erased, x.Account.Id == caller))
            .OrderBy(a => a.Role == Roles.Organiser ? 0 : 1).ThenBy(a => a.MovementName, StringComparer.Ordinal)
            .ThenBy(a => a.PersonalDataErased).ThenBy(a => a.FullName, StringComparer.Ordinal).ThenBy(a => a.Id)
            .ToList();
    }

    public static AccountStatus StatusOf(Account account) => account switch
    {
        { ErasedAt: not null } => AccountStatus.Erased,
        { DeactivatedAt: not null } => AccountStatus.Deactivated,
        { IsActive: true } => AccountStatus.Active,
        _ => AccountStatus.Invited,
    };
}
