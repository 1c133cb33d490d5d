import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/** Where the console is served (DESIGN §6: outside `/api/v1`). */
export const CONSOLE_PATH = '/admin';

/**
 * The built console (`libs/admin-ui/dist`, `npm run build`), or null when it has not been built:
 * the API then runs without it (the unit and e2e tests that never open it need no Vite build).
 */
export function consoleRoot(): string | null {
  try {
    const root = join(dirname(createRequire(import.meta.url).resolve('@chargeops/admin-ui/package.json')), 'dist');
    return existsSync(join(root, 'index.html')) ? root : null;
  } catch {
    return null;
  }
}

/**
 * Serves the console (issue 17) at `/admin/`: the files of its build through `@fastify/static`,
 * hashed assets cached for a year (their name changes with their content), and `index.html`
 * for every other `/admin` path so a link into the single-page app (`/admin/leads/…`) opens it.
 * An unknown `/admin/assets/…` file stays a 404. Nothing is inlined, so helmet's CSP holds.
 */
export async function mountConsole(app: NestFastifyApplication, root = consoleRoot()): Promise<void> {
  if (!root) return;
  const fastify = app.getHttpAdapter().getInstance();
  await app.register(fastifyStatic, {
    root,
    prefix: `${CONSOLE_PATH}/`,
    // Routes for the files found now, not a wildcard: the wildcard below is the SPA fallback.
    wildcard: false,
    index: false,
    setHeaders: (reply, path) => {
      reply.header('Cache-Control', path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  const sendIndex = (_request: unknown, reply: { header(name: string, value: string): unknown; sendFile(file: string): unknown }) => {
    reply.header('Cache-Control', 'no-cache');
    return reply.sendFile('index.html');
  };
  fastify.get(CONSOLE_PATH, sendIndex);
  fastify.get(`${CONSOLE_PATH}/*`, (request, reply) =>
    request.url.startsWith(`${CONSOLE_PATH}/assets/`) ? reply.code(404).type('text/plain; charset=utf-8').send('Not found') : sendIndex(request, reply),
  );
}
