using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Alba.Coordination.Infrastructure;
using Alba.Coordination.Tests.Delegates;
using Alba.Coordination.Tests.Mobilisations;
using Alba.Coordination.Tests.Support;
using CsCheck;

namespace Alba.Coordination.Tests.Security;

/// <summary>Issue 15, item 7: the bad inputs that answered 500, each now a 400 naming the field.</summary>
[Collection(AppCollection.Name)]
public class BadInput_answers_400_with_the_field(AppFixture app)
{
    private static void IsFieldError(Answer answer, string field)
    {
        Assert.Equal(400, answer.Status);
        Assert.Equal("application/problem+json", answer.ContentType);
        Assert.NotNull(answer.Body!["errors"]![field]);
    }

    [Fact]
    public async Task a_null_body_padded_with_spaces()
    {
        var answer = await app.Host.PostRaw("/api/movements", "null" + new string(' ', 200) + "\n", await app.Host.Organiser());
        IsFieldError(answer, "body");
    }

    /// <summary>Content of unknown length, so the request goes chunked, without Content-Length.</summary>
    private sealed class ChunkedJson(string text) : HttpContent
    {
        public ChunkedJson() : this("") { }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(Encoding.UTF8.GetBytes(text)).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = -1;
            return false;
        }
    }

    [Fact]
    public async Task a_null_body_sent_chunked()
    {
        using var client = app.Host.Client(await app.Host.Organiser());
        var content = new ChunkedJson("null");
        content.Headers.ContentType = new("application/json");
        var response = await client.PostAsync("/api/movements", content);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull(JsonNode.Parse(await response.Content.ReadAsStringAsync())!["errors"]!["body"]);
    }

    [Fact]
    public async Task a_nul_character_in_any_string()
    {
        var organiser = await app.Host.Organiser();
        IsFieldError(await app.Host.Post("/api/movements", new { name = "Vía\u0000Campesina", country = "HN", region = "r", sector = "s" }, organiser),
            "name");
        var assembly = await app.Host.AnAssembly();
        IsFieldError(await app.Host.Post($"/api/assemblies/{assembly}/sessions",
            new { title = "Plenaria", kind = "plenary", scheduledAt = DateTimeOffset.UtcNow, agenda = new[] { new { title = "Punto\u0000" } } }, organiser),
            "title");
        IsFieldError(await app.Host.Get($"/api/assemblies/{assembly}/delegates?country=A%00R", organiser), "country");
    }

    [Theory]
    [InlineData("9999-12-31", "9999-12-31", "startsOn")]
    [InlineData("0001-01-02", "0001-01-03", "startsOn")]
    [InlineData("2026-11-28", "9999-12-31", "endsOn")]
    public async Task dates_at_the_edges_of_the_calendar_in_a_call(string startsOn, string endsOn, string field)
    {
        var convener = await app.Host.AMovement();
        var body = MobilisationsScenarios.CallBody([convener]);
        var node = JsonNode.Parse(JsonSerializer.Serialize(body, new JsonSerializerOptions(JsonSerializerDefaults.Web)))!;
        node["startsOn"] = startsOn;
        node["endsOn"] = endsOn;
        IsFieldError(await app.Host.PostRaw("/api/mobilisations", node.ToJsonString(), await app.Host.Organiser()), field);
    }

    [Fact]
    public async Task times_at_the_edges_of_the_calendar_in_actions_and_reports()
    {
        var convener = await app.Host.AMovementWithRep();
        var call = await app.Host.ACall(convener.Id);
        IsFieldError(await app.Host.Post($"/api/mobilisations/{call}/actions",
            MobilisationsScenarios.ActionBody(convener.Id, convener.Country, startsAt: DateTimeOffset.MaxValue), convener.Rep), "startsAt");
        var action = await app.Host.AnAction(call, convener);
        IsFieldError(await app.Host.Report(action, convener.Rep, "r1", new DateTimeOffset(1, 1, 2, 0, 0, 0, TimeSpan.Zero), new Figures(10, 0, 0, 0)),
            "reportedAt");
    }

    [Theory]
    [InlineData("Juana \u202EydruzA")]
    [InlineData("Juana\u2066 Azurduy")]
    [InlineData("Juana\u200F Azurduy")]
    public async Task bidirectional_controls_in_a_name(string fullName)
    {
        var assembly = await app.Host.AnAssembly();
        var movement = await app.Host.AMovement();
        var answer = await app.Host.Register(assembly, DelegatesScenarios.RegistrationBody(movement, fullName: fullName), await app.Host.Organiser());
        IsFieldError(answer, "fullName");
        Assert.Contains("control character", answer.Body!["errors"]!["fullName"]![0]!.GetValue<string>());
    }
}

/// <summary>Issue 15, item 12: every CSV field that needs quotes gets them.</summary>
public class BadInput_csv_fields
{
    [Theory]
    [InlineData("Sem Terra; Brasil", "\"Sem Terra; Brasil\"")]
    [InlineData("Sem Terra, Brasil", "\"Sem Terra, Brasil\"")]
    [InlineData("El \"Movimiento\"", "\"El \"\"Movimiento\"\"\"")]
    [InlineData("línea\nnueva", "\"línea\nnueva\"")]
    [InlineData("retorno\r", "\"retorno\r\"")]
    [InlineData(" espacio", "\" espacio\"")]
    [InlineData("Vía Campesina", "Vía Campesina")]
    public void a_field_is_quoted_when_a_spreadsheet_would_split_it(string field, string written)
    {
        var text = Encoding.UTF8.GetString(CsvFile.Write(["name", "country"], [[field, "BR"]]).AsSpan(3));
        Assert.Equal($"name,country\r\n{written},BR\r\n", text);
    }
}

/// <summary>
/// Issue 15, item 7: a property-based test over every write route's body, through the real host and PostgreSQL: bodies
/// generated by CsCheck from each route's request schema in the OpenAPI document, with the values that broke things
/// before (U+0000, bidi controls, calendar edges, huge numbers, wrong types, nulls), never answer 5xx.
/// </summary>
[Collection(AppCollection.Name)]
public partial class BadInput_no_generated_body_answers_5xx(AppFixture app)
{
    private const int BodiesPerRoute = 30;

    private static readonly string[] Texts =
    [
        "", " ", "a", "Vía Campesina", "\u0000", "a\u0000b", "\u202Eevil", "\u2066x\u2069", "😀", "<script>alert(1)</script>", "'; drop table x; --",
        "=SUM(A1)", "9999-12-31", "0001-01-02", "not-a-guid", new string('x', 5000), "es", "AR", "delegate", "plenary", "accredit",
    ];

    private static readonly string[] Dates = ["9999-12-31", "0001-01-02", "0001-01-01", "2026-11-28", "2026-02-30", "1900-01-01", "2199-12-31"];

    private static readonly string[] Times =
    [
        "9999-12-31T23:59:59Z", "0001-01-01T00:00:00Z", "0001-01-02T00:00:00+14:00", "9999-12-31T23:59:59-14:00", "2026-11-28T12:00:00Z",
        "2026-11-28T12:00:00", "yesterday",
    ];

    private static readonly string[] Numbers = ["0", "-1", "1", "2147483647", "2147483648", "-2147483649", "9223372036854775807", "1e308", "0.5", "-0"];

    private static Gen<string> Text => Gen.OneOf(Texts).Select(t => JsonSerializer.Serialize(t));

    private static Gen<string> Mismatch => Gen.OneOf("null", "{}", "[]", "true", "\"\"", "-1", "\"\\u0000\"");

    /// <summary>JSON text for a value of the schema, now and then of another shape entirely.</summary>
    private static Gen<string> ValueOf(JsonNode? schema, JsonObject components, IReadOnlyList<string> ids, int depth)
    {
        schema = Resolve(schema, components);
        var fitting = depth > 4 ? Mismatch : Fitting(schema, components, ids, depth);
        return Gen.Frequency((8, fitting), (1, Mismatch), (1, Text));
    }

    private static Gen<string> Fitting(JsonNode? schema, JsonObject components, IReadOnlyList<string> ids, int depth)
    {
        if (schema?["enum"] is JsonArray values)
            return Gen.OneOf([.. values.Select(v => v!.ToJsonString()), "\"none-of-these\""]);
        return (TypeOf(schema), schema?["format"]?.GetValue<string>()) switch
        {
            ("object", _) => ObjectOf(schema!, components, ids, depth),
            ("array", _) => ValueOf(schema!["items"], components, ids, depth + 1).Array[0, 3].Select(items => $"[{string.Join(",", items)}]"),
            ("string", "uuid") => Gen.OneOf([.. ids, "00000000-0000-0000-0000-000000000000", "not-a-guid"]).Select(id => $"\"{id}\""),
            ("string", "date") => Gen.OneOf(Dates).Select(d => $"\"{d}\""),
            ("string", "date-time") => Gen.OneOf(Times).Select(t => $"\"{t}\""),
            ("integer" or "number", _) => Gen.OneOf(Numbers),
            ("boolean", _) => Gen.OneOf("true", "false"),
            _ => Text,
        };
    }

    private static Gen<string> ObjectOf(JsonNode schema, JsonObject components, IReadOnlyList<string> ids, int depth)
    {
        var properties = schema["properties"]?.AsObject().ToList() ?? [];
        // One generated member per property, left out one time in eight; folded so any number of properties combine.
        var members = Gen.Const(Array.Empty<string>());
        foreach (var (name, propertySchema) in properties)
        {
            var member = Gen.Frequency((7, ValueOf(propertySchema, components, ids, depth + 1).Select(value => $"\"{name}\":{value}")), (1, Gen.Const("")));
            members = Gen.Select(members, member, (so_far, next) => next.Length == 0 ? so_far : [.. so_far, next]);
        }
        return members.Select(m => "{" + string.Join(",", m) + "}");
    }

    private static string? TypeOf(JsonNode? schema) => schema?["type"] switch
    {
        JsonValue single => single.GetValue<string>(),
        JsonArray several => several.Select(t => t!.GetValue<string>()).FirstOrDefault(t => t != "null"),
        _ => schema?["properties"] is not null ? "object" : null,
    };

    private static JsonNode? Resolve(JsonNode? schema, JsonObject components)
    {
        for (var hops = 0; hops < 10 && schema?["$ref"]?.GetValue<string>() is { } reference; hops++)
            schema = components[reference.Split('/')[^1]];
        if (schema?["oneOf"] is JsonArray oneOf) return Resolve(oneOf.FirstOrDefault(s => TypeOf(Resolve(s, components)) != "null"), components);
        if (schema?["anyOf"] is JsonArray anyOf) return Resolve(anyOf.FirstOrDefault(s => TypeOf(Resolve(s, components)) != "null"), components);
        return schema;
    }

    [Fact]
    public async Task over_every_write_route()
    {
        using var client = app.Host.Client();
        var document = JsonNode.Parse(await client.GetStringAsync("/openapi/v1.json"))!;
        var components = document["components"]?["schemas"]?.AsObject() ?? [];
        var organiser = await app.Host.Organiser();
        var existing = await app.Host.OneOfEachCollection();
        var ids = existing.Values.Append(Guid.CreateVersion7().ToString()).ToList();
        var failures = new List<string>();
        var routes = 0;
        var described = 0;
        foreach (var (path, operations) in document["paths"]!.AsObject())
        foreach (var (method, operation) in operations!.AsObject())
        {
            if (method.ToUpperInvariant() is not ("POST" or "PUT")) continue;
            routes++;
            var collection = path.Split('/')[2];
            var own = existing.GetValueOrDefault(collection, Guid.CreateVersion7().ToString());
            var url = RouteValue().Replace(RouteValue().Replace(path, own, 1), Guid.CreateVersion7().ToString());
            var schema = operation!["requestBody"]?["content"]?["application/json"]?["schema"];
            if (Resolve(schema, components)?["properties"] is not null) described++;
            var bodies = Gen.Frequency((19, ValueOf(schema, components, ids, 0)), (1, Gen.OneOf("null   ", " \n null", "null")));
            await bodies.SampleAsync(async body =>
            {
                var answer = await app.Host.Send(new HttpMethod(method.ToUpperInvariant()), url, new Scenarios.RawJson(body), organiser, null);
                if (answer.Status >= 500)
                    lock (failures) failures.Add($"{method.ToUpperInvariant()} {url} with {body[..Math.Min(body.Length, 400)]}: {answer.Status}");
            }, iter: BodiesPerRoute, threads: 1);
        }
        Assert.True(routes >= 30, $"only {routes} write routes found");
        Assert.True(described >= 20, $"only {described} write routes describe their body in the OpenAPI document");
        Assert.Empty(failures);
    }

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex RouteValue();
}
