// A training worker: runs the kernel over the shared memory until the job queue is empty.
import { parentPort, workerData } from 'node:worker_threads';
import { runTrainer, type TrainerData } from './trainer';

runTrainer(workerData as TrainerData);
parentPort?.postMessage({ type: 'finished' });
