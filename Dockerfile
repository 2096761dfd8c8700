# Minimal image until the server lands: the weft CLI.
FROM node:20-bookworm-slim
WORKDIR /app
RUN npm install -g pnpm@10
COPY . .
RUN pnpm install --frozen-lockfile
ENTRYPOINT ["pnpm", "-s", "weft"]
CMD ["--help"]
