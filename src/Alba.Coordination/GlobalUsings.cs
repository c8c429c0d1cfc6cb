// Namespaces nearly every capability file uses; anything narrower stays in the file that needs it.
global using System.Security.Claims;
global using Alba.Coordination.Infrastructure;
global using Alba.Coordination.Infrastructure.Auth;
global using JasperFx.Events;
global using Marten;
global using Microsoft.AspNetCore.Authorization;
global using Microsoft.AspNetCore.Mvc;
global using Wolverine.Http;
