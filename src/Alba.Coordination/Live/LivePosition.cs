using System.Globalization;
using System.Text.RegularExpressions;

namespace Alba.Coordination.Live;

/// <summary>
/// Marks a GET whose answer a page keeps up to date by following a live group, named by a template over the route's
/// values (<c>"session:{id}"</c>): the answer then says where its read stands in that group's log
/// (<see cref="LivePositionHeader"/>).
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed partial class LiveGroupAttribute(string template) : Attribute
{
    public string Template { get; } = template;

    /// <summary>The group with the route's values in place; an id is written as <see cref="LiveGroups"/> writes it.</summary>
    public string GroupOf(RouteValueDictionary routeValues) => RouteValue().Replace(Template, match =>
        routeValues.TryGetValue(match.Groups[1].Value, out var value) && value?.ToString() is { } text
            ? Guid.TryParse(text, out var id) ? id.ToString() : text
            : match.Value);

    [GeneratedRegex(@"\{(\w+)\}")]
    private static partial Regex RouteValue();
}

/// <summary>
/// Answers a <see cref="LiveGroupAttribute"/> GET with <c>Live-Position</c>: the group's head in the
/// <see cref="LiveUpdateLog"/>, read BEFORE the endpoint reads its view. The feed logs updates in position order, so any
/// update the view may lack is after that position, and a page that joins with <c>Join(group, position)</c> is replayed
/// whatever changed between its read and its join (docs/live.md, "Client contract"). Only those the hub would admit to
/// the group get the header: a hidden draft's position would tell that it exists.
/// </summary>
public sealed class LivePositionHeader(RequestDelegate next, LiveUpdateLog log, LiveGroupAccess access)
{
    public const string Name = "Live-Position";

    public async Task InvokeAsync(HttpContext context)
    {
        if (HttpMethods.IsGet(context.Request.Method) && context.GetEndpoint()?.Metadata.GetMetadata<LiveGroupAttribute>() is { } followed)
        {
            var group = followed.GroupOf(context.Request.RouteValues);
            if (await access.Refusal(group, context.User.ToActor()) is null)
                context.Response.Headers[Name] = (await log.Head(group, context.RequestAborted)).ToString(CultureInfo.InvariantCulture);
        }
        await next(context);
    }
}
