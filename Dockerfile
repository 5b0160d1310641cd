# syntax=docker/dockerfile:1
# 本庁・区役所 連携アプリ — the server and the tab in one image.
#   docker build -t renkei:0.1.0 .
#   docker run -p 3978:3978 --env-file production.env -v renkei-data:/data renkei:0.1.0
# Configuration comes only from the environment (docs/configuration.md); no secret is in the image.
# Node 24 LTS, the newest line both App Service (NODE|24-lts) and the official images offer;
# package.json engines allow 22 and later, so NODE_VERSION=22 or 26 also builds.
ARG NODE_VERSION=24

# 1. build: all dependencies, then the bot (tsc) and the tab (Vite) into dist/
FROM node:${NODE_VERSION}-bookworm AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts/build.mjs ./scripts/build.mjs
COPY bot ./bot
COPY shared ./shared
COPY tab ./tab
RUN npm run build

# 2. prod-deps: production dependencies only (the tab's React, Fluent UI, recharts and teams-js
#    are devDependencies: they are in dist/tab already), on the same Debian as the runtime, with
#    the build tools of the full image should better-sqlite3 have no prebuilt binary; then what
#    Node never loads is pruned (scripts/prune-production.mjs: source maps, type declarations,
#    other platforms' binaries), about 60 MB of files left
FROM node:${NODE_VERSION}-bookworm AS prod-deps
WORKDIR /app
COPY package.json package-lock.json ./
COPY scripts/prune-production.mjs ./scripts/prune-production.mjs
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force && node scripts/prune-production.mjs .

# 3. runtime: slim image, no compilers, no dev dependencies, not root. The image is for production
#    (Bot Framework tokens and Entra ID sign-in checked); local mode, which checks neither, listens on
#    loopback only and refuses HOST=0.0.0.0, so try it with `npm start` on your own computer instead.
FROM node:${NODE_VERSION}-bookworm-slim AS runtime
ENV NODE_ENV=production \
    APP_MODE=production \
    PORT=3978 \
    APP_DATA_DIR=/data
WORKDIR /app
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY bot/rulings/synonyms.txt ./bot/rulings/synonyms.txt
# The SQLite store lives in APP_DATA_DIR: mount a volume there (App Service: APP_DATA_DIR=/home/data).
RUN mkdir -p /data && chown node:node /data
# The unprivileged user of the official Node image (uid 1000)
USER node
EXPOSE 3978
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3978) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/bot/main.js"]
