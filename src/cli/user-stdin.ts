/** Tests (and embedders) pass stdin in; otherwise it is the process's, read only when piped. */
export interface StdinIo {
  readStdin?: () => Promise<string | null>;
}

/** Whatever was piped in, or null when stdin is a terminal (nothing to read). */
export async function readPipedStdin(io: StdinIo): Promise<string | null> {
  if (io.readStdin) return io.readStdin();
  if (process.stdin.isTTY) return null;
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) {
    chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
    if (chunks.reduce((n, c) => n + c.length, 0) > 4096) break;
  }
  return Buffer.concat(chunks).toString('utf8');
}
