// Preloaded into the n8n process by `npm run bench -- --heap-watch`, which also turns on
// --trace-gc: writes when the process started (epoch ms) to HEAP_WATCH_OUT, so the bench can put
// each garbage collection V8 traces (in ms since start) on the same clock as the node's run.
const { writeFileSync } = require('node:fs');

writeFileSync(process.env.HEAP_WATCH_OUT, JSON.stringify({ timeOrigin: performance.timeOrigin }));
