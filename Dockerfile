# syntax=docker/dockerfile:1
# geth-agent image: the agent (Node 24 LTS) + geth and bootnode 1.13.15 (the last geth that seals Clique).
# Build: docker build -t geth-agent .        Run: see README "Deployment" and deploy/.

# geth + bootnode from the official release image (statically linked there, so they run on Debian).
FROM ethereum/client-go:alltools-v1.13.15 AS geth

# Build stage: dev dependencies, TypeScript compile of src/, then the esbuild bundle bin/ runs.
FROM node:24-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
# --ignore-scripts: `prepare` (the tsc build) runs below, once the sources are in place.
RUN npm ci --ignore-scripts
COPY tsconfig.json ./
COPY src src
COPY scripts/bundle.mjs scripts/bundle.mjs
COPY bin/build-stamp.mjs bin/build-stamp.mjs
RUN npx tsc -p tsconfig.json && node scripts/bundle.mjs

# Runtime stage: production dependencies, the bundled CLI (dist/bundle), bin/, geth, bootnode, tini.
FROM node:24-bookworm-slim
# tini as PID 1: forwards SIGTERM to the agent and reaps orphans (Node as PID 1 does neither).
# setpriv (util-linux, part of Debian) gives geth a parent-death signal: no geth outlives the agent.
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && test -x /usr/bin/setpriv \
 && groupadd --system --gid 10001 geth-agent \
 && useradd --system --uid 10001 --gid 10001 --home-dir /data --no-create-home --shell /usr/sbin/nologin geth-agent \
 && mkdir -p /data \
 && chown 10001:10001 /data \
 && chmod 0700 /data
COPY --from=geth /usr/local/bin/geth /usr/local/bin/bootnode /usr/local/bin/
# Fails the build if the copied binaries cannot run here (e.g. a dynamically linked musl build).
RUN geth version | grep -q '^Version: 1\.13\.' && test -x /usr/local/bin/bootnode
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force
COPY --from=build /src/dist/bundle dist/bundle
COPY bin bin
COPY config config

# bootnode is found on PATH (/usr/local/bin/bootnode); geth is pinned explicitly.
ENV NODE_ENV=production \
    GETH_AGENT_LISTEN=0.0.0.0:8080 \
    GETH_AGENT_DATA_DIR=/data \
    GETH_AGENT_GETH_BIN=/usr/local/bin/geth

# Numeric user, so Kubernetes' runAsNonRoot can verify it.
USER 10001:10001
VOLUME ["/data"]

# 8080 agent HTTP (/health, /health/live, /metrics, genesis routes); 30303 geth P2P (TCP + UDP
# discovery); 30301/udp bootnode discovery (config/boot.env); 8545/8546 client HTTP/WS JSON-RPC.
# The engine API (8551) stays on 127.0.0.1 and is not exposed.
EXPOSE 8080 30303/tcp 30303/udp 30301/udp 8545 8546

# Liveness of the agent itself (no curl in the image: Node's fetch). Readiness is /health.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:8080/health/live').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]

# The agent gives geth GETH_AGENT_STOP_GRACE_SECONDS (120 s) after one SIGINT: give the container
# longer (docker stop -t 150, compose stop_grace_period: 150s, Kubernetes
# terminationGracePeriodSeconds: 150). Docker's default 10 s would cut geth's shutdown short.
STOPSIGNAL SIGTERM
# Never start through npm (it swallows signals): tini -> node -> geth-agent.
ENTRYPOINT ["/usr/bin/tini", "--", "node", "/app/bin/geth-agent"]
CMD ["run"]
