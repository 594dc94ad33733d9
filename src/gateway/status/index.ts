// status/: the status listener (/status, /metrics).
export { createStatusServer, type StatusSource } from './server.js';
