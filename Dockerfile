# syntax=docker/dockerfile:1
# ChargeOps API image (DESIGN §2). Build: compile TypeScript and native modules, then drop dev
# dependencies. Runtime: the same slim Debian + Node base (so the compiled better-sqlite3 binary
# matches), production dependencies only, a non-root user.
ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS build
# better-sqlite3 has no reachable prebuilt binary and compiles from source during npm ci.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
# The typed client is a workspace package: npm ci links it and its `prepare` builds it; the demo CLI imports it.
COPY libs/api-client ./libs/api-client
RUN npm ci --no-audit --no-fund
COPY nest-cli.json tsconfig.json ./
COPY src ./src
RUN npm run build \
 && npm prune --omit=dev --no-audit --no-fund

FROM ${NODE_IMAGE} AS runtime
# NODE_OPTIONS: a 256 MB old-space heap. Without a cap V8 sizes the heap from the host's memory
# (~4 GB on a 24 GB host) and lets garbage grow to ~4× the 60–65 MB live heap between full
# collections: 300–340 MB peak RSS under the benchmark's load. With it the peak is 175–199 MB, for
# ~10 % more CPU on reads and a longer p99: under a 2 GB cap V8 runs a full collection once the
# heap is 1.3–2× the live heap (measured alike with 512; bench/README.md, session 2). Override with
# `-e NODE_OPTIONS=…`; give the container at least ~400 MB. bench/lib.mjs runs the benchmarked
# server with this same value.
ENV NODE_OPTIONS="--max-old-space-size=256" \
    NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/var/lib/chargeops \
    STORAGE_DIR=/var/lib/chargeops/storage \
    DATABASE_URL=sqlite:/var/lib/chargeops/chargeops.sqlite
WORKDIR /app
# The image's `node` user (uid 1000) owns only the data directory; the code stays root-owned.
RUN mkdir -p /var/lib/chargeops/storage && chown -R node:node /var/lib/chargeops
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/libs/api-client/package.json ./libs/api-client/package.json
COPY --from=build /app/libs/api-client/dist ./libs/api-client/dist
# The committed spec: the server compiles its response serializers from it (app.factory.ts).
COPY --from=build /app/libs/api-client/openapi.json ./libs/api-client/openapi.json
USER node
EXPOSE 3000
# The slim image has no curl; Node's fetch does the probe.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/api/v1/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/main.js"]
