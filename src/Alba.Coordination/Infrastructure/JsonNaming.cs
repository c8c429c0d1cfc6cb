using System.Text.Json;

namespace Alba.Coordination.Infrastructure;

/// <summary>Enum values as every answer, push and message names them: lower camel case (<c>accredited</c>, <c>twoThirds</c>).</summary>
public static class JsonNaming
{
    public static string Enum<T>(T value) where T : struct, System.Enum => JsonNamingPolicy.CamelCase.ConvertName(value.ToString());
}
