# Build on Debian 12 with the same packages as scripts/install-deps.sh; run on the slim image.
FROM debian:bookworm AS build
RUN apt-get update && apt-get install -y --no-install-recommends \
      g++ make cmake pkg-config ca-certificates nodejs npm \
      libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev \
      libsoci-dev libsqlite3-dev libpq-dev libsodium-dev libcurl4-openssl-dev libssl-dev \
      libspdlog-dev libfmt-dev libcli11-dev libcrack2-dev liboath-dev \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY CMakeLists.txt ./
COPY cmake cmake
COPY migrations migrations
COPY web/swagger web/swagger
COPY src src
RUN cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DPLANGATE_TESTS=OFF \
    && cmake --build build -j "$(nproc)" \
    && strip build/plangate \
    && build/plangate openapi > build/openapi.json

# The web app needs Node.js 20 (Debian 12's is 18); its API client is generated from the OpenAPI
# document of the binary built above, and the type check fails the build if they disagree.
FROM node:20-bookworm-slim AS web
WORKDIR /src/web
COPY web/package.json web/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY web ./
COPY --from=build /src/build/openapi.json /src/build/openapi.json
RUN PLANGATE_OPENAPI=../build/openapi.json npm run gen:api && npm run typecheck && npm run build

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends \
      ca-certificates curl libpq5 libsqlite3-0 libsodium23 libcurl4 libspdlog1.10 libfmt9 \
      libsoci-core4.0 libsoci-postgresql4.0 libsoci-sqlite3-4.0 libcrack2 cracklib-runtime liboath0 \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --home /app --shell /usr/sbin/nologin plangate \
    && mkdir -p /app/var && chown plangate /app/var
COPY --from=build /src/build/plangate /usr/local/bin/plangate
COPY --from=web /src/web/dist /app/web/dist
WORKDIR /app
USER plangate
ENV BIND=0.0.0.0:8000 WEB_DIR=/app/web/dist
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=3s --retries=3 CMD curl -fsS http://127.0.0.1:8000/healthz || exit 1
ENTRYPOINT ["plangate"]
CMD ["serve"]
