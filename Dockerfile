# syntax=docker/dockerfile:1
# One image for both roles (ROLE=web | ROLE=worker): production dependencies only, a non-root user, and the workflow
# bundle compiled here, at build time, so that a worker starts without webpack (WORKFLOW_BUNDLE_PATH).
ARG NODE_IMAGE=node:20.20.2-bookworm-slim

# Everything (dev dependencies too): generates the Prisma client and compiles the workflow bundle.
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json prisma.config.ts ./
COPY prisma ./prisma
COPY scripts/prisma-generate.ts ./scripts/
RUN npm ci --no-audit --no-fund
COPY . .
RUN npx tsx scripts/build-workflow-bundle.ts dist/workflow-bundle.js

# Production dependencies only; install scripts are not needed (the Prisma client comes from the build stage).
FROM ${NODE_IMAGE} AS prod-deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund

FROM ${NODE_IMAGE}
WORKDIR /app
ENV NODE_ENV=production \
    PORT=3000 \
    WORKFLOW_BUNDLE_PATH=/app/dist/workflow-bundle.js
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/node_modules/.prisma ./node_modules/.prisma
COPY . .
COPY --from=build /app/prisma/generated ./prisma/generated
COPY --from=build /app/dist ./dist
# Files stay owned by root and read-only for the app; the app writes nothing locally in production.
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=5 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
STOPSIGNAL SIGTERM
# In-process TypeScript (tsx as an import hook): node itself receives SIGTERM and runs the graceful shutdown.
CMD ["node", "--import", "tsx", "scripts/start.ts"]
