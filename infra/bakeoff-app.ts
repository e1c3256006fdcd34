// Puts the three pg-bakeoff stacks into a CDK app, with cdk-nag's AWS Solutions checks as a validation
// plugin and the reviewed acknowledgements. infra/app.ts (what cdk.json runs) and the tests both use it,
// so the tests check the app that deploys.
import { type App, CrossStackReferences, ReferenceStrength, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { InfraConfig } from './config.ts';
import { DatabaseStack } from './database-stack.ts';
import { HarnessStack } from './harness-stack.ts';
import { applyNagAcknowledgements } from './nag-acknowledgements.ts';
import { NetworkStack } from './network-stack.ts';
import { STACK_NAMES } from './outputs.ts';

export interface BakeoffStacks {
  network: NetworkStack;
  database: DatabaseStack;
  harness: HarnessStack;
}

export interface BakeoffAppOptions {
  /** Leave out the acknowledgements (tests use this to show each one is still needed). */
  acknowledge?: boolean;
}

export function addBakeoffStacks(app: App, config: InfraConfig, options: BakeoffAppOptions = {}): BakeoffStacks {
  // Stack outputs imported by the next stack (Fn::ImportValue): CloudFormation itself refuses to delete a
  // stack that another still uses, which is what a network -> database -> harness split wants.
  CrossStackReferences.of(app).consume(ReferenceStrength.STRONG);
  const description = 'pg-bakeoff benchmark harness';
  const network = new NetworkStack(app, STACK_NAMES.network, { config, description: `${description}: network` });
  const database = new DatabaseStack(app, STACK_NAMES.database, { config, network, description: `${description}: Aurora PostgreSQL` });
  const harness = new HarnessStack(app, STACK_NAMES.harness, { config, network, database, description: `${description}: Lambda functions and reports bucket` });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  const stacks = { network, database, harness };
  if (options.acknowledge !== false) applyNagAcknowledgements(stacks);
  return stacks;
}
