import type { Logger } from '../logger';

export interface TelemetrySettings {
  mode: 'local' | 'production';
  /** APPLICATIONINSIGHTS_CONNECTION_STRING (the Bicep sets it from the Application Insights resource). */
  connectionString?: string;
}

/**
 * Starts OpenTelemetry with the Azure Monitor exporter: traces (incoming HTTP, turns, Graph and
 * connector calls, outbox sends) and the metrics of instruments.ts go to Application Insights.
 * Only in production with a connection string; otherwise nothing is loaded or exported. Must run
 * before the HTTP server's modules are loaded, so the http instrumentation sees them.
 */
export function startTelemetry(settings: TelemetrySettings, logger: Logger): { enabled: boolean; stop(): Promise<void> } {
  if (settings.mode !== 'production' || !settings.connectionString) {
    return { enabled: false, stop: async () => undefined };
  }
  // Loaded here only: the SDK is large and its instrumentation patches modules as they load.
  const { useAzureMonitor, shutdownAzureMonitor } =
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require('@azure/monitor-opentelemetry') as typeof import('@azure/monitor-opentelemetry');
  try {
    useAzureMonitor({
      azureMonitorExporterOptions: { connectionString: settings.connectionString },
      enableLiveMetrics: false,
      // Our own logs are pino lines on stdout (App Service console logs); the SDK's log
      // instrumentations would duplicate or miss them.
      instrumentationOptions: {
        http: { enabled: true },
        azureSdk: { enabled: true },
        mongoDb: { enabled: false },
        mySql: { enabled: false },
        postgreSql: { enabled: false },
        redis: { enabled: false },
        redis4: { enabled: false },
        bunyan: { enabled: false },
        winston: { enabled: false },
        console: { enabled: false },
      },
    });
  } catch (error) {
    // Telemetry must never keep the service from starting.
    logger.error('telemetry could not start', { error });
    return { enabled: false, stop: async () => undefined };
  }
  logger.info('telemetry exporting to Azure Monitor');
  return {
    enabled: true,
    stop: () => shutdownAzureMonitor().catch((error: unknown) => logger.warn('telemetry did not flush', { error })),
  };
}
