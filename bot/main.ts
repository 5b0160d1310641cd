import { ConfigError, environmentWithDotEnv, loadConfig } from './platform/config';
import { createLogger } from './platform/logger';
import { startTelemetry } from './platform/telemetry/azure-monitor';

/** EX_CONFIG from sysexits.h: the service manager should not restart into the same error. */
const EXIT_CONFIG = 78;

async function main() {
  let config;
  try {
    config = loadConfig(environmentWithDotEnv(process.env));
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n起動を中止しました (refusing to start).\n`);
    process.exit(EXIT_CONFIG);
  }
  const logger = createLogger(config.logLevel);
  const telemetry = startTelemetry({ mode: config.mode, connectionString: config.applicationInsightsConnectionString }, logger);
  // Loaded after telemetry has started, so its http instrumentation sees the server's modules.
  const { startApp } = await import('./app');
  let app;
  try {
    app = await startApp(config, logger);
  } catch (error) {
    if ((error as Error).name === 'DatabaseFileError') {
      // Served as it is, the file would fail requests or be taken for an empty new database: an operator
      // restores it. Known by name: the store's modules load only after telemetry has started.
      process.stderr.write(`${(error as Error).message}\n起動を中止しました (refusing to start).\n`);
      process.exit(1);
    }
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      process.stderr.write(
        `ポート ${config.port} は使用中です。PORT で別の番号を指定してください (port ${config.port} is in use; set PORT)\n`,
      );
      process.exit(1);
    }
    throw error;
  }

  const shutdown = (signal: string) => {
    logger.info('shutting down', { signal });
    app.stop().then(
      async () => {
        await telemetry.stop();
        process.exit(0);
      },
      (error: unknown) => {
        logger.error('shutdown failed', { error });
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
  // Only now: whoever waits for READY may stop us at once, and the handlers above must catch that.
  process.stdout.write(`READY ${app.url}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`起動に失敗しました (failed to start): ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
