// AWS Lambda entry: the worker. Runs one slice of a variant and returns its SliceResult (encoded
// histograms, counters). Everything it does is in core/aws/worker-handler.ts.
// Outside the handler, once per container: the target (the database secret is read once). The slice's
// own pg pool is the thing a pool-size variant measures, so the slice runner sizes it from the request.
import { openAwsTarget } from '../core/aws/aws-target.ts';
import { perContainer } from '../core/aws/lambda-context.ts';
import { createWorkerHandler } from '../core/aws/worker-handler.ts';
import { readAwsEnvironment } from '../core/config.ts';
import { findSliceRunner } from '../scenarios/slice-runners.ts';

export const handler = createWorkerHandler({
  target: perContainer(() => openAwsTarget(readAwsEnvironment())),
  findRunner: findSliceRunner,
});
