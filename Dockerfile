# syntax=docker/dockerfile:1
# Weft server image (multi-stage; runs as a non-root user; data in the /data volume).
#   docker build -t weft .
#   docker run -p 8080:8080 -v weft-data:/data weft
#   docker run -p 8080:8080 -e WEFT_DB=postgres://weft:pw@db:5432/weft -e WEFT_SECRET_KEY=… weft

# ---- build: install every dependency (native ones compiled here) and build the studio ----------
FROM node:20-bookworm-slim AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ ca-certificates \
 && rm -rf /var/lib/apt/lists/*
RUN npm install -g pnpm@10
WORKDIR /app
COPY . .
RUN pnpm install --frozen-lockfile \
 && pnpm build \
 && rm -rf e2e .git apps/studio/node_modules/.vite

# ---- runtime: the same tree, no compilers, a non-root user, data in a volume -------------------
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    WEFT_HOST=0.0.0.0 \
    WEFT_PORT=8080 \
    WEFT_AUTH=true \
    WEFT_DATA_DIR=/data \
    WEFT_DB=sqlite:/data/weft.db
RUN groupadd --system weft && useradd --system --gid weft --home-dir /app --shell /usr/sbin/nologin weft \
 && mkdir -p /data && chown weft:weft /data
WORKDIR /app
COPY --from=build --chown=root:root /app /app
USER weft
VOLUME ["/data"]
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.WEFT_PORT||8080)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# SIGTERM drains in-flight steps (WEFT_SHUTDOWN_TIMEOUT, default 10s): give docker stop a bit more.
STOPSIGNAL SIGTERM
CMD ["node", "--max-semi-space-size=4", "apps/cli/dist/weft.mjs", "serve"]
