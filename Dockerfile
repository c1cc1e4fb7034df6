# The BadgeIssuer service. Build: docker build -t badgeissuer .   (docker compose up builds it too)
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
# ReadyToRun: the image starts with its own code precompiled, so the first minutes after a start are not all JIT
# (bench/RESULTS.md, "Start-up").
RUN dotnet publish src/BadgeIssuer.Api/BadgeIssuer.Api.csproj -c Release --use-current-runtime --self-contained false \
    -p:PublishReadyToRun=true -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
# The standard ASP.NET Core variables choose the address: ASPNETCORE_HTTP_PORTS (stated here, the image's default) or
# ASPNETCORE_URLS, e.g. docker run -e ASPNETCORE_HTTP_PORTS=9000 -p 9000:9000 badgeissuer.
ENV ASPNETCORE_HTTP_PORTS=8080 \
    BadgeIssuer__DataDirectory=/data
# The service runs as the image's non-root user ($APP_UID, set by the base image) and owns its data directory alone
# (the SQLite file and its keys are 0600 inside it). The directory is created and handed over before VOLUME declares
# it, so a new volume mounted there starts with that owner and mode.
RUN mkdir /data && chown "$APP_UID:$APP_UID" /data && chmod 0700 /data
VOLUME /data
EXPOSE 8080
USER $APP_UID
ENTRYPOINT ["dotnet", "BadgeIssuer.Api.dll"]
