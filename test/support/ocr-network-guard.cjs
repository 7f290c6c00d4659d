// Runs first in tesseract.js's worker thread (TesseractOcr's `workerPath`), then starts
// tesseract.js's own worker script. Any use of the network from that thread is refused and
// reported on the BroadcastChannel 'ocr-network-guard', which the test listens to.
const { BroadcastChannel } = require('node:worker_threads');
const dns = require('node:dns');
const net = require('node:net');
const tls = require('node:tls');

const channel = new BroadcastChannel('ocr-network-guard');
channel.unref();
const refuse = (what) => {
  channel.postMessage(what);
  throw new Error(`network use refused in the OCR worker: ${what}`);
};

net.Socket.prototype.connect = function connect() {
  refuse('net.Socket.connect');
};
tls.connect = () => refuse('tls.connect');
dns.lookup = (host) => refuse(`dns.lookup ${host}`);
dns.promises.lookup = async (host) => refuse(`dns.promises.lookup ${host}`);
globalThis.fetch = async (url) => refuse(`fetch ${String(url)}`);

// tesseract.js's worker script reads `global.fetch` when it loads: it gets the refusing one.
require(require.resolve('tesseract.js/src/worker-script/node/index.js'));
