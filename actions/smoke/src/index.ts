import { run } from './main.js';

// run() never rejects: it reports every failure through core.setFailed.
void run();
