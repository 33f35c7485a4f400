# Placeholder until the deployment issue: see README "Deployment".
FROM node:20-slim
# tini as PID 1: forwards SIGTERM to the agent and reaps orphans (Node as PID 1 does neither).
# setpriv (util-linux, part of Debian) gives geth a parent-death signal: no geth outlives the agent.
RUN apt-get update && apt-get install -y --no-install-recommends tini && rm -rf /var/lib/apt/lists/* && test -x /usr/bin/setpriv
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts
COPY dist/src dist/src
COPY bin bin
ENV GETH_AGENT_LISTEN=0.0.0.0:8080 GETH_AGENT_DATA_DIR=/data
# The agent gives geth GETH_AGENT_STOP_GRACE_SECONDS (120 s) to stop: run containers with a longer
# stop timeout (docker stop -t 150, Kubernetes terminationGracePeriodSeconds: 150).
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/bin/tini", "--", "node", "bin/geth-agent"]
CMD ["run"]
