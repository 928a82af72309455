export { startServer, MAX_MESSAGE_BYTES, type RunningServer, type ServerOptions } from './start-server.js';
export { isLoopbackHost } from './host-guard.js';
