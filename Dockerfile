# Placeholder until the deployment issue: see README "Deployment".
FROM node:20-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts
COPY dist/src dist/src
COPY bin bin
ENV GETH_AGENT_LISTEN=0.0.0.0:8080 GETH_AGENT_DATA_DIR=/data
ENTRYPOINT ["node", "bin/geth-agent"]
CMD ["run"]
