// The CDK app (cdk.json runs it): `npx cdk deploy --all` or `npx bakeoff deploy`. Sizes come from
// context, e.g. `-c bakeoff:maxAcu=8 -c bakeoff:proxy=true` (see infra/config.ts for every key).
// The stacks are environment-agnostic: the account and region come from the AWS profile at deploy time.
import { App } from 'aws-cdk-lib';
import { addBakeoffStacks } from './bakeoff-app.ts';
import { readInfraConfig } from './config.ts';

const app = new App();
addBakeoffStacks(app, readInfraConfig((key) => app.node.tryGetContext(key)));
app.synth();
