import { createHash } from 'node:crypto';
import { Transform } from 'node:stream';

/** A pass-through that counts and hashes what flows through it; read {@link measured} once it has ended. */
export interface MeasuringStream {
  stream: Transform;
  /** Bytes passed so far and their lower-case hex SHA-256 (call once, after the end). */
  measured(): { sizeBytes: number; sha256: string };
}

/** Counts and hashes bytes on their way (a put into storage, an entry into a ZIP) without holding them. */
export function measuringStream(): MeasuringStream {
  const hash = createHash('sha256');
  let sizeBytes = 0;
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      sizeBytes += chunk.length;
      done(null, chunk);
    },
  });
  return { stream, measured: () => ({ sizeBytes, sha256: hash.digest('hex') }) };
}
