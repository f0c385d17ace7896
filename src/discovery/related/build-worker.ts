import { parentPort } from 'node:worker_threads';
import { RelatedModel, type ArticleText } from './model.ts';

/**
 * Builds a related model off the main thread. The main thread reads batches of articles from
 * the database and posts them here (`batches`, acknowledged so it never runs far ahead); this
 * thread analyses them meanwhile, and on `finish` sends the finished model back as
 * transferable arrays. Reading and analysing overlap on two cores, and the thread that
 * answers requests only spends the reads (and copying rows to this one).
 */
export type BuildMessage = { type: 'batches'; batches: ArticleText[][] } | { type: 'finish' };
export type BuildReply =
  | { type: 'ack' }
  | { type: 'model'; state: ReturnType<RelatedModel['exportState']>['state'] }
  | { type: 'error'; message: string };

const port = parentPort;
if (!port) throw new Error('build-worker.ts runs as a worker thread');
const model = new RelatedModel();
model.beginBulk();
port.on('message', (message: BuildMessage) => {
  try {
    if (message.type === 'batches') {
      for (const texts of message.batches) model.addBatch(texts);
      port.postMessage({ type: 'ack' } satisfies BuildReply);
    } else {
      model.finish();
      const { state, transfer } = model.exportState();
      port.postMessage({ type: 'model', state } satisfies BuildReply, transfer);
    }
  } catch (error) {
    port.postMessage({
      type: 'error',
      message: error instanceof Error ? (error.stack ?? error.message) : String(error),
    } satisfies BuildReply);
  }
});
