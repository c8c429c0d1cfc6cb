using System.Text.Json;
using Alba.Coordination.Infrastructure;
using JasperFx;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace Alba.Coordination.Tests.Foundation;

public class classifying_failures
{
    [Fact]
    public void a_lost_race_is_a_conflict() =>
        Assert.Equal(409, ProblemExceptionHandler.Classify(new ConcurrencyException("stream changed", typeof(object), Guid.Empty)).Status);

    [Fact]
    public void a_unique_violation_deep_inside_is_a_conflict()
    {
        var unique = new PostgresException("duplicate key", "ERROR", "ERROR", PostgresErrorCodes.UniqueViolation);
        Assert.Equal(409, ProblemExceptionHandler.Classify(new InvalidOperationException("save failed", unique)).Status);
    }

    [Fact]
    public void unreadable_json_names_the_field_without_our_type_names()
    {
        var problem = ProblemExceptionHandler.Classify(new JsonException("The JSON value could not be converted to Alba.X", "$.country", 0, 12));
        Assert.Equal(400, problem.Status);
        var errors = Assert.IsType<Dictionary<string, string[]>>(problem.Extensions["errors"]);
        Assert.Equal(["country"], errors.Keys);
        Assert.DoesNotContain("Alba.", problem.Detail);
    }

    [Fact]
    public void anything_else_is_a_500_that_reveals_nothing()
    {
        var problem = ProblemExceptionHandler.Classify(new NullReferenceException("Object reference at Alba.Coordination.Secret"));
        Assert.Equal(500, problem.Status);
        Assert.DoesNotContain("Alba", problem.Detail);
    }

    [Fact]
    public void wolverines_own_json_answer_is_reshaped_with_field_errors()
    {
        var problem = new ProblemDetails
        {
            Status = 400, Title = "Invalid JSON format",
            Detail = "The JSON value could not be converted to Alba.Coordination.Movements.RegisterMovement. Path: $.name | LineNumber: 0",
        };
        ProblemExceptionHandler.ShapeProblem(new ProblemDetailsContext { HttpContext = new DefaultHttpContext(), ProblemDetails = problem });
        var errors = Assert.IsType<Dictionary<string, string[]>>(problem.Extensions["errors"]);
        Assert.Equal(["name"], errors.Keys);
        Assert.DoesNotContain("Alba.", problem.Detail);
    }
}
