// Loaded only into the backend that security-load.test.ts starts, with
// NODE_OPTIONS="--expose-gc --import <this file>": twice a second it collects garbage and
// prints the memory still in use, so the check can follow the backend's memory from its
// output. The app has no route or code for this. Plain JavaScript: it loads before tsx does.
const REPORT_EVERY_MS = 500;

setInterval(() => {
  globalThis.gc();
  const { heapUsed, rss } = process.memoryUsage();
  console.log(`memory-probe at=${Date.now()} heapUsed=${heapUsed} rss=${rss}`);
}, REPORT_EVERY_MS).unref();
