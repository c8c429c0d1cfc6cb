namespace Alba.Coordination.Infrastructure;

/// <summary>
/// A JSON body of literally <c>null</c> deserialises to no command at all; answer it as the
/// missing body it is, before any endpoint sees it.
/// </summary>
public sealed class NullBodyGuard(RequestDelegate next)
{
    private const int LongestNullBody = 16;

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.ContentLength is > 0 and <= LongestNullBody && request.HasJsonContentType())
        {
            request.EnableBuffering();
            using var reader = new StreamReader(request.Body, leaveOpen: true);
            var text = (await reader.ReadToEndAsync(context.RequestAborted)).Trim();
            request.Body.Position = 0;
            if (text == "null")
            {
                await Problems.WriteAsync(context, Problems.Invalid("body", "The request body is missing."));
                return;
            }
        }
        await next(context);
    }
}
