// A run's files wherever they live (local folder or S3 prefix): write them in order, read one back, list
// the runs under a parent. Commands use this and never care which kind of location they were given.
// The AWS SDK is loaded only when an S3 location is used: it costs a second or more of start-up.
import type { S3Client } from '@aws-sdk/client-s3';
import { describeFile, type RunLocation } from '../report-location.ts';
import { localRunsUnder, readLocalText, writeLocalFiles } from './local-dir.ts';

export type RunFiles = ReadonlyArray<readonly [name: string, content: string]>;

/** The S3 client is made only when an S3 location is used (tests may pass their own). */
export interface StoreOptions {
  s3Client?: S3Client;
}

async function s3(options: StoreOptions) {
  const [store, { createS3Client }] = await Promise.all([import('./s3-store.ts'), import('./s3-client.ts')]);
  return { store, client: options.s3Client ?? createS3Client() };
}

export async function writeRunFiles(location: RunLocation, files: RunFiles, options: StoreOptions = {}): Promise<string[]> {
  if (location.kind === 'local') return writeLocalFiles(location.dir, files);
  const { store, client } = await s3(options);
  return store.putS3Files(client, location.bucket, location.prefix, files);
}

export async function readRunText(location: RunLocation, name: string, maxBytes: number, options: StoreOptions = {}): Promise<string> {
  if (location.kind === 'local') return readLocalText(describeFile(location, name), maxBytes);
  const { store, client } = await s3(options);
  return store.getS3Text(client, location.bucket, `${location.prefix}${name}`, maxBytes);
}

export async function runsUnder(location: RunLocation, options: StoreOptions = {}): Promise<string[]> {
  if (location.kind === 'local') return localRunsUnder(location.dir);
  const { store, client } = await s3(options);
  return store.s3RunsUnder(client, location.bucket, location.prefix);
}
