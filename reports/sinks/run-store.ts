// A run's files wherever they live (local folder or S3 prefix): write them in order, read one back, list
// the runs under a parent. Commands use this and never care which kind of location they were given.
import type { S3Client } from '@aws-sdk/client-s3';
import { describeFile, type RunLocation } from '../report-location.ts';
import { localRunsUnder, readLocalText, writeLocalFiles } from './local-dir.ts';
import { createS3Client } from './s3-client.ts';
import { getS3Text, putS3Files, s3RunsUnder } from './s3-store.ts';

export type RunFiles = ReadonlyArray<readonly [name: string, content: string]>;

/** The S3 client is made only when an S3 location is used (tests pass their own). */
export interface StoreOptions {
  s3Client?: S3Client;
}

function s3(options: StoreOptions): S3Client {
  return options.s3Client ?? createS3Client();
}

export async function writeRunFiles(location: RunLocation, files: RunFiles, options: StoreOptions = {}): Promise<string[]> {
  if (location.kind === 'local') return writeLocalFiles(location.dir, files);
  return putS3Files(s3(options), location.bucket, location.prefix, files);
}

export async function readRunText(location: RunLocation, name: string, maxBytes: number, options: StoreOptions = {}): Promise<string> {
  if (location.kind === 'local') return readLocalText(describeFile(location, name), maxBytes);
  return getS3Text(s3(options), location.bucket, `${location.prefix}${name}`, maxBytes);
}

export async function runsUnder(location: RunLocation, options: StoreOptions = {}): Promise<string[]> {
  if (location.kind === 'local') return localRunsUnder(location.dir);
  return s3RunsUnder(s3(options), location.bucket, location.prefix);
}
