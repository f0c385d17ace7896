import { randomBytes } from 'node:crypto';
import { createSqliteAdapter } from '../src/db/dialects/sqlite/sqlite-adapter.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { createUser } from '../src/accounts/create-user.ts';
import { signIn } from '../src/accounts/sign-in.ts';
import { createSecretBox } from '../src/accounts/secret-box.ts';
const database = createSqliteAdapter(':memory:');
await migrateToLatest(database);
const deps = { database, clock: () => new Date(), secrets: createSecretBox(randomBytes(32)) };
const N = 30;
for (let i = 0; i < N; i++)
  await createUser(deps, {
    email: `u${i}@example.com`,
    role: 'author',
    password: 'correct horse battery',
    actor: null,
  });
const wrong: number[] = [],
  unknown: number[] = [],
  ok: number[] = [];
await signIn(deps, { email: 'warm@example.com', password: 'x' });
for (let i = 0; i < N; i++) {
  let t = performance.now();
  await signIn(deps, { email: `u${i}@example.com`, password: 'wrong password' });
  wrong.push(performance.now() - t);
  t = performance.now();
  await signIn(deps, { email: `nobody${i}@example.com`, password: 'wrong password' });
  unknown.push(performance.now() - t);
  t = performance.now();
  await signIn(deps, { email: `u${i}@example.com`, password: 'correct horse battery' });
  ok.push(performance.now() - t);
}
const stat = (a: number[]) => {
  const s = [...a].sort((x, y) => x - y);
  return `median ${s[Math.floor(s.length / 2)]!.toFixed(1)} ms, p10 ${s[Math.floor(s.length * 0.1)]!.toFixed(1)}, p90 ${s[Math.floor(s.length * 0.9)]!.toFixed(1)}`;
};
console.log(`wrong password:  ${stat(wrong)}`);
console.log(`unknown account: ${stat(unknown)}`);
console.log(`correct (no 2FA): ${stat(ok)}`);
await database.close();
