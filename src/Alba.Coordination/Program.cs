using Alba.Coordination.Infrastructure;
using JasperFx;

var builder = WebApplication.CreateBuilder(args);
builder.AddAlbaCoordination();

var app = builder.Build();
app.UseAlbaCoordination();

return await app.RunJasperFxCommands(args);

/// <summary>Entry point, public so integration tests can boot the real host.</summary>
public partial class Program;
