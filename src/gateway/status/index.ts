// status/: the status listener (/status, /metrics, /explain), ai-proxy-advanced's balancer state
// for /status, and the questions a multi-worker primary asks its workers.
export { createStatusServer, type StatusSource } from './server.js';
export { balancersStatus, type AdvancedStatus } from './balancers.js';
export { answerWorkerQueries, askWorker, type WorkerQuery } from './worker-queries.js';
