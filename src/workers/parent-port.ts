/** The channel to the process that started this job host, whichever API started it. */
export interface ParentPort {
  post(message: unknown): Promise<void>;
  onMessage(listener: (message: unknown) => void): void;
  /** Called when the parent goes away (so an orphaned host does not run on). */
  onParentGone(listener: () => void): void;
}

interface ElectronParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
}

/**
 * Electron's `utilityProcess.fork` gives `process.parentPort`; Node's `child_process.fork` gives
 * `process.send`. The job code never sees the difference.
 */
export function connectParentPort(): ParentPort {
  const electronPort = (process as unknown as { parentPort?: ElectronParentPort }).parentPort;
  if (electronPort) {
    return {
      post: async (message) => electronPort.postMessage(message),
      onMessage: (listener) => electronPort.on('message', (event) => listener(event.data)),
      onParentGone: () => {
        // Electron ends utility processes together with the app.
      },
    };
  }
  if (process.send) {
    return {
      post: (message) =>
        new Promise((resolve) => {
          if (!process.connected) return resolve();
          process.send!(message, undefined, {}, () => resolve());
        }),
      onMessage: (listener) => process.on('message', listener),
      onParentGone: (listener) => process.on('disconnect', listener),
    };
  }
  throw new Error('The job host must be started by the lab (utilityProcess or child_process.fork), not directly.');
}
