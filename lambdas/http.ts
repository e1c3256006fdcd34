// AWS Lambda entry: the HTTP endpoint behind the stack's IAM-authenticated function URL, serving the same
// routes as the local HTTP mode. The work is in core/aws/http-handler.ts; its pg pool (max 2 per
// instance) and the target are made once per container, outside the handler.
import { openAwsTarget } from '../core/aws/aws-target.ts';
import { createHttpHandler } from '../core/aws/http-handler.ts';
import { perContainer } from '../core/aws/lambda-context.ts';
import { readAwsEnvironment } from '../core/config.ts';
import { findHttpWork } from '../scenarios/http-works.ts';
import { findScenario } from '../scenarios/index.ts';

export const handler = createHttpHandler({
  target: perContainer(() => openAwsTarget(readAwsEnvironment())),
  findScenario,
  findWork: findHttpWork,
  poolMax: 2,
});
