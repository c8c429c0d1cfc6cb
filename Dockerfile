FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
# The build fetches the SignalR browser client from npm (src/Alba.Coordination/ClientApp).
RUN apt-get update && apt-get install -y --no-install-recommends nodejs npm && rm -rf /var/lib/apt/lists/*
WORKDIR /source
COPY . .
# Build first so the fetched wwwroot/lib files exist when publish collects the web root.
RUN dotnet build src/Alba.Coordination -c Release && dotnet publish src/Alba.Coordination -c Release --no-build -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
ENV ASPNETCORE_URLS=http://+:8080
EXPOSE 8080
ENTRYPOINT ["dotnet", "Alba.Coordination.dll"]
