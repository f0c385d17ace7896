// The bare Fastify route of bench/load.ts, in its own process so nothing else shares its event
// loop: it returns the bytes of the saved article page (argv[2]) with the page's content type.
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';

const body = readFileSync(process.argv[2]!);
const bare = Fastify({ logger: false });
bare.get('/', async (_req, reply) => reply.type('text/html; charset=utf-8').send(body));
await bare.listen({ host: '127.0.0.1', port: 0 });
process.send!({ type: 'ready', url: `http://127.0.0.1:${(bare.server.address() as AddressInfo).port}/` });
