import path from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { createStderrLogger } from '../../core/platform/logger.js';
import { isLoopbackHost, startServer, type RunningServer } from '../../server/index.js';
import { CliError } from '../cli-error.js';
import { prepareDataDir, withDataDirOption } from '../data-dir.js';
import { openCliLab } from '../open-cli-lab.js';
import { findPackage } from '../package-root.js';
import { flushStdout, writeStdout } from '../stdout.js';

interface ServeOptions {
  dataDir?: string;
  port: number;
  host: string;
}

export function serveCommand(): Command {
  return withDataDirOption(new Command('serve'))
    .description('run the lab headless and serve the dashboard over HTTP + WebSocket (token-protected)')
    .option('--port <n>', 'port to listen on; 0 picks a free one', parsePort, 0)
    .option(
      '--host <address>',
      'address to bind; keep the loopback default unless you tunnel or trust the network',
      '127.0.0.1',
    )
    .addHelpText(
      'after',
      '\nPrints one line "Dashboard: http://HOST:PORT/?token=…" on stdout: open it in a browser.\n' +
        'The token changes at every launch. Ctrl-C (or SIGTERM) stops the server; running jobs resume at the next start.\n' +
        '\nFrom another machine, prefer an SSH tunnel:  ssh -L 8080:127.0.0.1:8080 lab-box  then  tradelab serve --port 8080',
    )
    .action(async (options: ServeOptions) => {
      await runServe(options);
    });
}

async function runServe(options: ServeOptions): Promise<void> {
  const dataDir = prepareDataDir(options.dataDir);
  const logger = createStderrLogger('server');
  const lab = await openCliLab(dataDir, 'server', logger);
  let server: RunningServer;
  try {
    await lab.start();
    server = await startServer({
      lab,
      host: options.host,
      port: options.port,
      staticDir: path.join(findPackage().root, 'out', 'renderer'),
      logger,
    });
  } catch (err) {
    await lab.close();
    throw new CliError(err instanceof Error ? err.message : String(err), 1, { cause: err });
  }

  if (!isLoopbackHost(options.host)) {
    process.stderr.write(
      `Warning: listening on ${options.host}, not loopback: anyone who can reach this machine and learns the URL's token controls the lab. ` +
        'Prefer --host 127.0.0.1 with an SSH tunnel.\n',
    );
  }
  // The e2e suite and scripts read this exact line; it is the only thing serve prints on stdout.
  writeStdout(`Dashboard: ${server.url}`);
  await flushStdout();

  const signal = await shutdownSignal();
  logger.info('Shutting down', { signal });
  await server.close();
  await lab.close();
}

/** Resolves with the first SIGINT/SIGTERM; a second one while closing exits at once. */
function shutdownSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    let received = false;
    const handler = (signal: NodeJS.Signals) => {
      if (received) process.exit(1);
      received = true;
      resolve(signal);
    };
    process.on('SIGINT', handler);
    process.on('SIGTERM', handler);
  });
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535)
    throw new InvalidArgumentError('expected a port number from 0 to 65535.');
  return port;
}
