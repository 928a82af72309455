export { startVisionReplay, type RequestLog, type VisionReplay, type VisionReplayOptions } from './server.js';
export type { Fault, FaultRule } from './faults.js';
export { baseBucket, checksumText } from './bucket.js';
