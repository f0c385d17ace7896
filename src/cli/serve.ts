import { parseArgs } from 'node:util';
import { compose } from '../compose.ts';
import { loadConfig } from '../config.ts';
import { createDemoSite, hasArticles } from '../demo/demo-site.ts';
import { createDemoAdmin } from './demo-admin.ts';
import { nonNegativeInteger, UsageError, type CliCommand, type CliIo } from './io.ts';

export const serveCommand: CliCommand = {
  name: 'serve',
  summary: 'Run the site and newsroom (creates a demo site on an empty database)',
  usage: 'broadsheet serve [--port N] [--host H]',
  async run(args, io) {
    const { values } = parseArgs({
      args,
      options: { port: { type: 'string' }, host: { type: 'string' } },
      strict: true,
    });
    const port = nonNegativeInteger(values.port, '--port');
    if (port !== undefined && port > 65535)
      throw new UsageError(`--port must be between 0 and 65535 (got ${port})`, '--port');
    if (values.host !== undefined && !/^[\w.:[\]-]+$/.test(values.host))
      throw new UsageError(`--host must be a host name or address (got "${values.host}")`, '--host');
    const config = loadConfig(io.env, {
      ...(port !== undefined ? { port } : {}),
      ...(values.host !== undefined ? { host: values.host } : {}),
    });

    const started = Date.now();
    const deps = await compose(config, { logger: { level: config.logLevel } });
    let demoCreated = false;
    try {
      if (!(await hasArticles(deps.database.db))) {
        io.stdout('Empty database: creating the demo site…\n');
        const demo = await createDemoSite(deps);
        demoCreated = true;
        io.stdout(
          `Demo site: ${demo.articles.en} English and ${demo.articles.fa} Persian articles, ${demo.images} images, ${demo.sections} sections (${(demo.milliseconds / 1000).toFixed(1)} s)\n`,
        );
      }
      const admin = await createDemoAdmin(deps, { demoCreated, env: io.env });
      // Loaded here so commands that never serve do not load the web stack.
      const { buildApp } = await import('../web/app.ts');
      const app = await buildApp(deps);
      await app.listen({ port: config.port, host: config.host });
      const address = app.server.address();
      const actualPort = typeof address === 'object' && address ? address.port : config.port;
      const base = io.env.BASE_URL
        ? config.baseUrl
        : `http://${config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host}:${actualPort}`;
      io.stdout(`Broadsheet is running (started in ${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
      io.stdout(`  Site:      ${base}/\n`);
      io.stdout(`  Persian:   ${base}/fa/\n`);
      io.stdout(`  Newsroom:  ${base}/admin\n`);
      if (admin) io.stdout(`  Sign in as ${admin.email} with password ${admin.password}\n`);
      await waitForStop(io);
      io.stdout('Shutting down…\n');
      await app.close();
    } finally {
      await deps.close();
    }
    return 0;
  },
};

function waitForStop(io: CliIo): Promise<void> {
  return new Promise((resolve) => {
    if (io.stopSignal) {
      if (io.stopSignal.aborted) return resolve();
      io.stopSignal.addEventListener('abort', () => resolve(), { once: true });
      return;
    }
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
