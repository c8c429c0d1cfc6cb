using Alba.Coordination.Delegates;
using Alba.Coordination.Infrastructure;
using JasperFx;

// The import verb only talks to a running app over HTTP: it runs without building this host, so it needs no database configuration.
if (ImportDelegationCommand.IsCalledBy(args)) return await ImportDelegationCommand.RunAlone(args);

var builder = WebApplication.CreateBuilder(args);
builder.AddAlbaCoordination();

var app = builder.Build();
app.UseAlbaCoordination();

return await app.RunJasperFxCommands(args);

/// <summary>Entry point, public so integration tests can boot the real host.</summary>
public partial class Program;
