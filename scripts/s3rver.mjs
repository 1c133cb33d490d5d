// An S3-compatible server for the tests and the benchmarks (bench/replicas.mjs, bench/upload.bench.mjs): s3rver on 127.0.0.1, files under
// argv[2]. Run as `node --openssl-legacy-provider scripts/s3rver.mjs <dir>`: s3rver
// 3.7 makes ListObjectsV2 continuation tokens with DES, which OpenSSL 3 (Node ≥ 17) only offers
// through its legacy provider, a process-wide start-up flag: hence a process of its own.
// Prints `S3RVER_PORT=<port>` once it listens; stops on SIGTERM or when its parent goes away.
import S3rver from 's3rver';

const server = new S3rver({ port: Number(process.env.S3RVER_PORT ?? 0), address: '127.0.0.1', silent: true, directory: process.argv[2] });
const { port } = await server.run();
process.stdout.write(`S3RVER_PORT=${port}\n`);
const stop = () => server.close().finally(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.on('disconnect', stop);
