# Waymark app image. The database is a separate PostGIS server (DATABASE_URL); see
# docker-compose.yml and docs/operations.md. Not built on the machine these files were
# written on (no Docker engine there).
FROM node:20-bookworm-slim

WORKDIR /app

# Dependencies first, so editing the source does not re-run the install layer.
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

COPY . .
# Build the client, then drop the dev tools (jest, typescript, …): running needs only the
# dependencies, tsx among them. /data is used only when DATABASE_URL is unset (the
# embedded engine), so it belongs to the user the server runs as.
RUN npm run build:client \
  && npm prune --omit=dev --no-audit --no-fund \
  && npm cache clean --force \
  && mkdir -p /data && chown node:node /data

ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    WAYMARK_DATA_DIR=/data

USER node
EXPOSE 3000
VOLUME ["/data"]

HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/api/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"

# tsx runs the TypeScript server directly (there is no separate server build step).
CMD ["npx", "tsx", "server/main.ts"]
