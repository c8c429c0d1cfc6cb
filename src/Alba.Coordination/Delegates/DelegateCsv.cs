namespace Alba.Coordination.Delegates;

/// <summary>The delegate list as a spreadsheet file.</summary>
public static class DelegateCsv
{
    private static readonly string[] Header =
        ["id", "fullName", "email", "movementId", "movement", "country", "languages", "role", "status", "registeredAt", "accreditedAt", "checkedInAt"];

    public static IResult Answer(Guid assemblyId, IEnumerable<DelegateListItem> items) =>
        CsvFile.Answer($"delegates-{assemblyId}.csv", Header, items.Select(i => new[]
        {
            i.Id.ToString(), i.FullName, i.Email, i.MovementId.ToString(), i.MovementName, i.Country, string.Join(' ', i.Languages),
            i.Role, JsonNaming.Enum(i.Status), CsvFile.Time(i.RegisteredAt), CsvFile.Time(i.AccreditedAt), CsvFile.Time(i.CheckedInAt),
        }));
}
