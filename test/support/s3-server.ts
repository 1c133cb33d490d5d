import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';

const SCRIPT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'scripts', 's3rver.mjs');
/** The credentials s3rver accepts. */
export const S3RVER_CREDENTIALS = { AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER' };
const OBJECT_SUFFIX = '._S3rver_object';

/** An s3rver the test started, in a child process (see scripts/s3rver.mjs for why not in this one). */
export interface S3Server {
  endpoint: string;
  /** Where s3rver keeps the bytes: `<root>/<bucket>/<key>._S3rver_object`. */
  root: string;
  /** A new empty bucket, and its `STORAGE_URL`. */
  newBucket(): Promise<{ bucket: string; storageUrl: string }>;
  close(): Promise<void>;
}

/**
 * Starts s3rver on a free port with its files in a new temporary directory.
 * @throws when it does not say it listens within 20 s
 */
export async function startS3Server(): Promise<S3Server> {
  const root = mkdtempSync(join(tmpdir(), 'chargeops-s3rver-'));
  const child: ChildProcess = spawn(process.execPath, ['--openssl-legacy-provider', SCRIPT, root], { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
  const port = await new Promise<number>((resolvePort, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`s3rver did not start: ${out}`)), 20_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /S3RVER_PORT=(\d+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolvePort(Number(match[1]));
      }
    });
    child.once('exit', (code) => reject(new Error(`s3rver exited with ${code}: ${out}`)));
  });
  child.unref();
  child.channel?.unref();
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } });
  let buckets = 0;
  return {
    endpoint,
    root,
    async newBucket() {
      const bucket = `chargeops-${process.pid}-${++buckets}`;
      await client.send(new CreateBucketCommand({ Bucket: bucket }));
      return { bucket, storageUrl: `s3://${bucket}?endpoint=${endpoint}&region=us-east-1&forcePathStyle=true` };
    },
    async close() {
      client.destroy();
      if (child.exitCode === null) {
        const gone = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await gone;
      }
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** Where s3rver keeps the bytes of `key` in `bucket`. */
export function s3rverObjectPath(root: string, bucket: string, key: string): string {
  return resolve(root, bucket, ...key.split('/')) + OBJECT_SUFFIX;
}

/** Every key in `bucket`, sorted, read from s3rver's directory (synchronously, as the tests read the local disk). */
export function s3rverKeys(root: string, bucket: string): string[] {
  const base = join(root, bucket);
  const out: string[] = [];
  const walk = (dir: string) => {
    if (!existsSync(dir)) return;
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith(OBJECT_SUFFIX)) out.push(relative(base, path).slice(0, -OBJECT_SUFFIX.length).split(sep).join('/'));
    }
  };
  walk(base);
  return out.sort();
}

/** Makes an s3rver object look `ms` old (s3rver dates objects by their file's modification time). */
export function ageS3rverObject(root: string, bucket: string, key: string, ms: number): void {
  const when = new Date(Date.now() - ms);
  utimesSync(s3rverObjectPath(root, bucket, key), when, when);
}
