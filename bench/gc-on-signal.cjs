// Preloaded (node --expose-gc --require) into the worker process the bench measures: on SIGWINCH (a signal nothing else here listens to) every thread (the
// main one and the SDK's workflow thread) runs a full garbage collection, so that the resident memory sampled next is
// what the waiting workflows hold rather than garbage V8 has not yet had a reason to collect.
const { isMainThread } = require('node:worker_threads');

const channel = new BroadcastChannel('bench-gc');
channel.unref();
if (isMainThread) {
  process.on('SIGWINCH', () => {
    global.gc();
    channel.postMessage('gc');
  });
} else {
  channel.onmessage = () => global.gc();
}
