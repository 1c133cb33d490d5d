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
# patches/: fixes to dependencies that `postinstall` (patch-package) applies; see patches/README.md.
COPY patches ./patches
# The typed client and the console are workspace packages: npm ci links them and `prepare` builds
# them (the console after the client it imports); the demo CLI imports the client.
COPY libs/api-client ./libs/api-client
COPY libs/admin-ui ./libs/admin-ui
RUN npm ci --no-audit --no-fund
COPY nest-cli.json tsconfig.json ./
COPY src ./src
RUN npm run build \
 && npm prune --omit=dev --no-audit --no-fund

FROM ${NODE_IMAGE} AS runtime
# NODE_OPTIONS: a 256 MB old-space heap per process, chosen from measured sweeps (bench/README.md:
# sessions 2 and 5 — without a cap V8 lets garbage grow to several times the live heap; 512 MB or a
# larger young generation cost CPU and p99 on the Fastify build). Each WEB_CONCURRENCY worker is a
# process with its own heap: size the container for the workers (PostgreSQL default: one per
# core). Override with `-e NODE_OPTIONS=…`. bench/lib.mjs runs the benchmarked server with this value.
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
# The built console, served at /admin (admin-console.ts resolves it through the workspace package).
COPY --from=build /app/libs/admin-ui/package.json ./libs/admin-ui/package.json
COPY --from=build /app/libs/admin-ui/dist ./libs/admin-ui/dist
USER node
EXPOSE 3000
# The slim image has no curl; Node's fetch does the probe.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/api/v1/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/main.js"]
