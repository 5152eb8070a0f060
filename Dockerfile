# One build, two images: `--target silo` and `--target api` (docker-compose.yml uses both).
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/Silo -c Release -o /out/silo \
 && dotnet publish src/Gateway -c Release -o /out/api

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/*
# Mount point of the cluster-certs volume: a new named volume takes this folder's owner, so the
# certs service (running as app) can write the certificate and silos and API can read it.
RUN mkdir /certs && chown app:app /certs && chmod 0700 /certs
USER app

FROM runtime AS silo
WORKDIR /app
COPY --from=build /out/silo .
ENTRYPOINT ["dotnet", "OrleansPersonalization.Silo.dll"]

# The API tier of a cluster: src/Gateway, the API without the silo's assemblies.
FROM runtime AS api
WORKDIR /app
COPY --from=build /out/api .
ENTRYPOINT ["dotnet", "OrleansPersonalization.Gateway.dll"]
