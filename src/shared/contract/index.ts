export * from './coverage.js';
export * from './jobs.js';
export * from './events.js';
export * from './lab-api.js';
export * from './errors.js';
export * from './wire.js';
export * from './job-host.js';
export * from './dispatch.js';
